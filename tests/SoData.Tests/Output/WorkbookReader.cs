using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SoData.Tests.Output;

/// <summary>
/// Reads a workbook back with the Open XML SDK, not with the library that wrote it: each cell as what Excel would
/// see (a number, a date-time - a number with a date format -, text, or nothing), and the sheet's frozen rows and filter.
/// </summary>
public sealed record ReadSheet(string Name, List<List<ReadCell>> Rows, int FrozenRows, string? AutoFilter, List<double> Widths);

public sealed record ReadCell(string Kind, string Text, double? Number, DateTime? Time)
{
    public override string ToString() => $"{Kind}:{Text}";
}

public static class WorkbookReader
{
    public static List<ReadSheet> Read(string path)
    {
        using SpreadsheetDocument document = SpreadsheetDocument.Open(path, false);
        WorkbookPart workbook = document.WorkbookPart!;
        CellFormats? formats = workbook.WorkbookStylesPart?.Stylesheet?.CellFormats;
        Dictionary<uint, string> codes = workbook.WorkbookStylesPart?.Stylesheet?.NumberingFormats?.Elements<NumberingFormat>()
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value!) ?? new();

        var sheets = new List<ReadSheet>();
        foreach (Sheet sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
            var rows = new List<List<ReadCell>>();
            foreach (Row row in part.Worksheet.Descendants<Row>())
                rows.Add(row.Elements<Cell>().Select(c => ReadOne(c, formats, codes, workbook)).ToList());
            Pane? pane = part.Worksheet.Descendants<Pane>().FirstOrDefault();
            int frozen = pane?.State?.Value == PaneStateValues.Frozen ? (int)(pane.VerticalSplit?.Value ?? 0) : 0;
            string? filter = part.Worksheet.Descendants<AutoFilter>().FirstOrDefault()?.Reference?.Value;
            var widths = part.Worksheet.Descendants<Column>().Select(c => c.Width?.Value ?? 0).ToList();
            sheets.Add(new ReadSheet(sheet.Name!.Value!, rows, frozen, filter, widths));
        }
        return sheets;
    }

    private static ReadCell ReadOne(Cell cell, CellFormats? formats, Dictionary<uint, string> codes, WorkbookPart workbook)
    {
        CellValues? type = cell.DataType?.Value;
        if (type == CellValues.InlineString) return new ReadCell("Text", cell.InlineString?.InnerText ?? "", null, null);
        if (type == CellValues.SharedString)
        {
            string text = workbook.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().ElementAt(int.Parse(cell.CellValue!.Text)).InnerText;
            return new ReadCell("Text", text, null, null);
        }
        if (type == CellValues.String) return new ReadCell("Text", cell.CellValue?.Text ?? "", null, null);
        if (cell.CellValue == null) return new ReadCell("Empty", "", null, null);
        double number = double.Parse(cell.CellValue.Text, CultureInfo.InvariantCulture);
        string? code = null;
        if (cell.StyleIndex != null && formats != null)
        {
            var format = (CellFormat)formats.ElementAt((int)cell.StyleIndex.Value);
            uint id = format.NumberFormatId?.Value ?? 0;
            codes.TryGetValue(id, out code);
            if (code == null && id == 22) code = "m/d/yyyy h:mm"; // a built-in date-time format
        }
        return code != null && code.Contains("yy") && code.Contains("h")
            ? new ReadCell("DateTime", code, number, DateTime.FromOADate(number))
            : new ReadCell("Number", number.ToString("R", CultureInfo.InvariantCulture), number, null);
    }
}
