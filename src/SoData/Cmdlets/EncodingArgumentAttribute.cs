using System.Management.Automation;
using System.Text;
using SoData.Output;

namespace SoData.Cmdlets
{
    /// <summary>
    /// An -Encoding parameter of type <see cref="Encoding"/> that takes what Export-Csv -Encoding takes (as PowerShell's
    /// own ArgumentToEncodingTransformationAttribute does): a name (utf8, utf8BOM, ascii, unicode... see
    /// <see cref="EncodingNames"/>), a code page number, or an Encoding object. An unknown name is an error that says
    /// what is valid; PowerShell reports it as ParameterArgumentTransformationError on the parameter. An empty value is
    /// left to the parameter's [NotEmpty] rule.
    /// </summary>
    public sealed class EncodingArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case Encoding encoding:
                    return encoding;
                case string name when string.IsNullOrWhiteSpace(name):
                    return null;
                case string name:
                    return EncodingNames.Find(name) ?? throw Unknown(int.TryParse(name.Trim(), out int number)
                        ? $"{number} is not a code page this computer knows"
                        : $"'{name.Trim()}' is not an encoding this computer knows");
                case int codePage:
                    return EncodingNames.FromCodePage(codePage) ?? throw Unknown($"{codePage} is not a code page this computer knows");
                default:
                    // Anything else (null, an array...) goes on to PowerShell's own conversion and its message.
                    return inputData;
            }
        }

        private static ArgumentTransformationMetadataException Unknown(string what) =>
            new ArgumentTransformationMetadataException($"-Encoding: {what}. Give {EncodingNames.Valid}.");
    }
}
