using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using C = DocumentFormat.OpenXml.Drawing.Charts;

namespace SoData.Tests.Output;

/// <summary>
/// Reads a workbook back with the Open XML SDK, not with the library that wrote it: each cell as what Excel would
/// see (a number, a date-time - a number with a date format -, text, or nothing, with its number format), the sheet's
/// frozen rows, filter, widths and table, and the chart sheets with each series' references.
/// </summary>
public sealed record ReadSheet(string Name, List<List<ReadCell>> Rows, int FrozenRows, string? AutoFilter, List<double> Widths, ReadTable? Table);

public sealed record ReadTable(string Name, string Range, string? Style, bool AutoFilter, List<string> Columns);

public sealed record ReadCell(string Kind, string Text, double? Number, DateTime? Time, string? Format = null)
{
    public override string ToString() => $"{Kind}:{Text}";
}

public sealed record ReadChart(string SheetName, string Kind, string Title, string? ValueAxisTitle, string? CategoryAxisKind, List<ReadSeries> Series);

public sealed record ReadSeries(string Name, string Categories, string Values);

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
            if (workbook.GetPartById(sheet.Id!.Value!) is not WorksheetPart part) continue; // a chart sheet: see Charts
            var rows = new List<List<ReadCell>>();
            foreach (Row row in part.Worksheet.Descendants<Row>())
                rows.Add(row.Elements<Cell>().Select(c => ReadOne(c, formats, codes, workbook)).ToList());
            Pane? pane = part.Worksheet.Descendants<Pane>().FirstOrDefault();
            int frozen = pane?.State?.Value == PaneStateValues.Frozen ? (int)(pane.VerticalSplit?.Value ?? 0) : 0;
            string? filter = part.Worksheet.Descendants<AutoFilter>().FirstOrDefault()?.Reference?.Value;
            var widths = part.Worksheet.Descendants<Column>().Select(c => c.Width?.Value ?? 0).ToList();
            ReadTable? table = part.TableDefinitionParts.Select(t => t.Table).Select(t => new ReadTable(
                t.Name!.Value!, t.Reference!.Value!, t.TableStyleInfo?.Name?.Value, t.AutoFilter != null,
                t.TableColumns!.Elements<TableColumn>().Select(c => c.Name!.Value!).ToList())).SingleOrDefault();
            sheets.Add(new ReadSheet(sheet.Name!.Value!, rows, frozen, filter, widths, table));
        }
        return sheets;
    }

    /// <summary>The names of every sheet, chart sheets included, in the workbook's order.</summary>
    public static List<string> SheetNames(string path)
    {
        using SpreadsheetDocument document = SpreadsheetDocument.Open(path, false);
        return document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList();
    }

    /// <summary>Every chart sheet's chart: its kind, title, axes and series (the formulas that point at the cells).</summary>
    public static List<ReadChart> Charts(string path)
    {
        using SpreadsheetDocument document = SpreadsheetDocument.Open(path, false);
        WorkbookPart workbook = document.WorkbookPart!;
        var charts = new List<ReadChart>();
        foreach (Sheet sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            if (workbook.GetPartById(sheet.Id!.Value!) is not ChartsheetPart chartsheet) continue;
            foreach (ChartPart part in chartsheet.DrawingsPart!.ChartParts)
            {
                C.Chart chart = part.ChartSpace.GetFirstChild<C.Chart>()!;
                C.PlotArea plot = chart.PlotArea!;
                var line = plot.GetFirstChild<C.LineChart>();
                var series = (line?.Elements<C.LineChartSeries>() ?? []).Select(s => new ReadSeries(
                    s.SeriesText!.StringReference!.Formula!.Text,
                    s.GetFirstChild<C.CategoryAxisData>()!.NumberReference!.Formula!.Text,
                    s.GetFirstChild<C.Values>()!.NumberReference!.Formula!.Text)).ToList();
                string? axisTitle = plot.GetFirstChild<C.ValueAxis>()?.GetFirstChild<C.Title>()?.InnerText;
                string? categoryAxis = plot.GetFirstChild<C.CategoryAxis>() != null ? "Category" : plot.GetFirstChild<C.DateAxis>() != null ? "Date" : null;
                charts.Add(new ReadChart(sheet.Name!.Value!, line != null ? "Line" : "Other", chart.Title?.InnerText ?? "", axisTitle, categoryAxis, series));
            }
        }
        return charts;
    }

    /// <summary>What the Open XML SDK's validator finds wrong with the workbook (Office 2019 rules): none for a good file.</summary>
    public static List<string> Validate(string path)
    {
        using SpreadsheetDocument document = SpreadsheetDocument.Open(path, false);
        return new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(document)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
    }

    private static ReadCell ReadOne(Cell cell, CellFormats? formats, Dictionary<uint, string> codes, WorkbookPart workbook)
    {
        CellValues? type = cell.DataType?.Value;
        if (type == CellValues.InlineString) return new ReadCell("Text", cell.InlineString?.InnerText ?? "", null, null);
        if (type == CellValues.Boolean) return new ReadCell("Boolean", cell.CellValue!.Text, null, null);
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
            ? new ReadCell("DateTime", code, number, DateTime.FromOADate(number), code)
            : new ReadCell("Number", number.ToString("R", CultureInfo.InvariantCulture), number, null, code);
    }
}
