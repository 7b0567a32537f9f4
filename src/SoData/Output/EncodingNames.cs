using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SoData.Output
{
    /// <summary>
    /// The encodings a CSV export is written in, by PowerShell's names (those of Export-Csv -Encoding: utf8 is UTF-8
    /// without a BOM, as in PowerShell 7), or by a code page or any name .NET knows.
    /// </summary>
    public static class EncodingNames
    {
        /// <summary>The names known here, in the order completion offers them.</summary>
        public static IReadOnlyList<string> Names { get; } = new[]
        {
            "utf8", "utf8BOM", "utf8NoBOM", "ascii", "unicode", "bigendianunicode", "utf32", "bigendianutf32", "ansi", "oem",
        };

        /// <summary>The encoding of a CSV export when -Encoding is left out: UTF-8 without a BOM.</summary>
        public static Encoding Default => new UTF8Encoding(false);

        /// <summary>What -Encoding takes, for messages.</summary>
        public static string Valid =>
            "utf8 (UTF-8 without a BOM, the default), utf8BOM, utf8NoBOM, ascii, unicode, bigendianunicode, utf32, bigendianutf32, ansi, oem, " +
            "a code page number (e.g. 1252) or name (e.g. windows-1252), or an Encoding object";

        /// <summary>The encoding of a name or a code page number; null when this computer knows none by that name.</summary>
        public static Encoding? Find(string name)
        {
            string trimmed = name.Trim();
            switch (trimmed.ToLowerInvariant())
            {
                case "utf8":
                case "utf8nobom":
                case "utf-8":
                case "default":
                    return new UTF8Encoding(false);
                case "utf8bom":
                    return new UTF8Encoding(true);
                case "ascii":
                    return new ASCIIEncoding();
                case "unicode":
                    return new UnicodeEncoding(false, true);
                case "bigendianunicode":
                    return new UnicodeEncoding(true, true);
                case "utf32":
                    return new UTF32Encoding(false, true);
                case "bigendianutf32":
                    return new UTF32Encoding(true, true);
                case "ansi":
                    return FromCodePage(CultureInfo.CurrentCulture.TextInfo.ANSICodePage);
                case "oem":
                    return FromCodePage(CultureInfo.CurrentCulture.TextInfo.OEMCodePage);
            }
            if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out int codePage)) return FromCodePage(codePage);
            try
            {
                return trimmed.Length == 0 ? null : Encoding.GetEncoding(trimmed);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException)
            {
                return null;
            }
        }

        /// <summary>The encoding of a code page; null when this computer has none by that number.</summary>
        public static Encoding? FromCodePage(int codePage)
        {
            try
            {
                return Encoding.GetEncoding(codePage);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException)
            {
                return null;
            }
        }
    }
}
