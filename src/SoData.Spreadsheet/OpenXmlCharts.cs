using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DocumentFormat.OpenXml.Packaging;
using SoData.Output;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using S = DocumentFormat.OpenXml.Spreadsheet;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace SoData.Spreadsheet
{
    /// <summary>
    /// Adds native Excel line charts to a workbook SpreadCheetah has finished, with the Open XML SDK (SpreadCheetah writes
    /// no charts). Each chart goes on a chart sheet of its own after the data sheets, so no worksheet part is read or
    /// rewritten: only the workbook part (the list of sheets) changes, and new parts are added. Each series is a reference
    /// to the data sheet's cells (the header cell names it, the timestamps are its categories), so Excel draws it from the
    /// cells and redraws it when they change. Charts are limited to small tables (<see cref="WorkbookOptions.MaxChartPoints"/>),
    /// so reopening the zip, which the packaging library does in memory, stays cheap.
    /// </summary>
    internal static class OpenXmlCharts
    {
        // A chart sheet's drawing covers the window; Excel fits it (zoomToFit). English Metric Units: 914,400 an inch.
        private const long ChartWidth = 9_144_000;
        private const long ChartHeight = 6_096_000;
        private const uint CategoryAxisId = 500_000_001;
        private const uint ValueAxisId = 500_000_002;

        public static void Add(Stream stream, IReadOnlyList<WorkbookChart> charts)
        {
            stream.Position = 0;
            using SpreadsheetDocument document = SpreadsheetDocument.Open(stream, isEditable: true);
            WorkbookPart workbook = document.WorkbookPart ?? throw new InvalidDataException("The workbook has no workbook part.");
            S.Sheets sheets = workbook.Workbook.Sheets ?? throw new InvalidDataException("The workbook has no sheets.");
            uint nextSheetId = sheets.Elements<S.Sheet>().Select(s => s.SheetId?.Value ?? 0).DefaultIfEmpty(0u).Max() + 1;

            // Relationship ids of our own rather than the SDK's random ones, so the same export gives the same file.
            int number = 0;
            foreach (WorkbookChart chart in charts)
            {
                number++;
                ChartsheetPart chartsheet = workbook.AddNewPart<ChartsheetPart>("sodataChart" + number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                DrawingsPart drawing = chartsheet.AddNewPart<DrawingsPart>("rId1");
                ChartPart chartPart = drawing.AddNewPart<ChartPart>("rId1");
                chartPart.ChartSpace = LineChart(chart);
                drawing.WorksheetDrawing = Drawing(drawing.GetIdOfPart(chartPart), chart.Title);
                chartsheet.Chartsheet = new S.Chartsheet(
                    new S.ChartSheetViews(new S.ChartSheetView { ZoomToFit = true, WorkbookViewId = 0U }),
                    new S.Drawing { Id = chartsheet.GetIdOfPart(drawing) });
                sheets.Append(new S.Sheet { Name = chart.ChartSheetName, SheetId = nextSheetId++, Id = workbook.GetIdOfPart(chartsheet) });
            }
            workbook.Workbook.Save();
        }

        private static Xdr.WorksheetDrawing Drawing(string chartId, string title) =>
            new Xdr.WorksheetDrawing(
                new Xdr.AbsoluteAnchor(
                    new Xdr.Position { X = 0, Y = 0 },
                    new Xdr.Extent { Cx = ChartWidth, Cy = ChartHeight },
                    new Xdr.GraphicFrame(
                        new Xdr.NonVisualGraphicFrameProperties(
                            new Xdr.NonVisualDrawingProperties { Id = 2U, Name = title },
                            new Xdr.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoGrouping = true })),
                        new Xdr.Transform(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = 0, Cy = 0 }),
                        new A.Graphic(new A.GraphicData(new C.ChartReference { Id = chartId }) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/chart" }))
                    { Macro = string.Empty },
                    new Xdr.ClientData()));

        private static C.ChartSpace LineChart(WorkbookChart chart)
        {
            string sheet = "'" + chart.SheetName.Replace("'", "''") + "'!";
            var lineChart = new C.LineChart(new C.Grouping { Val = C.GroupingValues.Standard }, new C.VaryColors { Val = false });
            for (int i = 0; i < chart.SeriesColumns.Count; i++)
            {
                string column = SpreadsheetColumn(chart.SeriesColumns[i]);
                lineChart.Append(new C.LineChartSeries(
                    new C.Index { Val = (uint)i },
                    new C.Order { Val = (uint)i },
                    new C.SeriesText(new C.StringReference(new C.Formula(sheet + Absolute(column, chart.FirstRow - 1)))),
                    new C.Marker(new C.Symbol { Val = C.MarkerStyleValues.None }),
                    new C.CategoryAxisData(new C.NumberReference(new C.Formula(sheet + Range(SpreadsheetColumn(chart.CategoryColumn), chart.FirstRow, chart.LastRow)))),
                    new C.Values(new C.NumberReference(new C.Formula(sheet + Range(column, chart.FirstRow, chart.LastRow)))),
                    new C.Smooth { Val = false }));
            }
            lineChart.Append(new C.ShowMarker { Val = false }, new C.AxisId { Val = CategoryAxisId }, new C.AxisId { Val = ValueAxisId });

            // The timestamps as the categories, labelled as the cells show them: a date axis would put every hour of a
            // day at the same place (Excel's date axis counts days at the finest).
            var categoryAxis = new C.CategoryAxis(
                new C.AxisId { Val = CategoryAxisId },
                new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
                new C.Delete { Val = false },
                new C.AxisPosition { Val = C.AxisPositionValues.Bottom },
                new C.NumberingFormat { FormatCode = "yyyy-mm-dd hh:mm", SourceLinked = false },
                new C.MajorTickMark { Val = C.TickMarkValues.Outside },
                new C.MinorTickMark { Val = C.TickMarkValues.None },
                new C.TickLabelPosition { Val = C.TickLabelPositionValues.Low },
                new C.CrossingAxis { Val = ValueAxisId },
                new C.Crosses { Val = C.CrossesValues.AutoZero },
                new C.AutoLabeled { Val = true },
                new C.LabelAlignment { Val = C.LabelAlignmentValues.Center },
                new C.LabelOffset { Val = 100 },
                new C.NoMultiLevelLabels { Val = true });

            var valueAxis = new C.ValueAxis(
                new C.AxisId { Val = ValueAxisId },
                new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
                new C.Delete { Val = false },
                new C.AxisPosition { Val = C.AxisPositionValues.Left },
                new C.MajorGridlines());
            if (!string.IsNullOrEmpty(chart.ValueAxisTitle)) valueAxis.Append(Title(chart.ValueAxisTitle!, vertical: true));
            valueAxis.Append(
                new C.NumberingFormat { FormatCode = "General", SourceLinked = false },
                new C.MajorTickMark { Val = C.TickMarkValues.Outside },
                new C.MinorTickMark { Val = C.TickMarkValues.None },
                new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
                new C.CrossingAxis { Val = CategoryAxisId },
                new C.Crosses { Val = C.CrossesValues.AutoZero },
                new C.CrossBetween { Val = C.CrossBetweenValues.Between });

            return new C.ChartSpace(
                new C.EditingLanguage { Val = "en-US" },
                new C.RoundedCorners { Val = false },
                new C.Chart(
                    Title(chart.Title, vertical: false),
                    new C.AutoTitleDeleted { Val = false },
                    new C.PlotArea(new C.Layout(), lineChart, categoryAxis, valueAxis),
                    new C.Legend(new C.LegendPosition { Val = C.LegendPositionValues.Bottom }, new C.Overlay { Val = false }),
                    new C.PlotVisibleOnly { Val = true },
                    // A missing value is a gap in the line, not a drop to zero.
                    new C.DisplayBlanksAs { Val = C.DisplayBlanksAsValues.Gap }));
        }

        private static C.Title Title(string text, bool vertical)
        {
            var body = new A.BodyProperties();
            if (vertical)
            {
                body.Rotation = -5_400_000;
                body.Vertical = A.TextVerticalValues.Horizontal;
            }
            return new C.Title(
                new C.ChartText(new C.RichText(body, new A.ListStyle(), new A.Paragraph(new A.Run(new A.RunProperties { Language = "en-US" }, new A.Text(text))))),
                new C.Overlay { Val = false });
        }

        private static string Absolute(string column, int row) => "$" + column + "$" + row.ToString(System.Globalization.CultureInfo.InvariantCulture);

        private static string Range(string column, int first, int last) => Absolute(column, first) + ":" + Absolute(column, last);

        /// <summary>A1 column letters: 1 is A, 27 is AA.</summary>
        private static string SpreadsheetColumn(int number)
        {
            string name = string.Empty;
            for (; number > 0; number = (number - 1) / 26) name = (char)('A' + (number - 1) % 26) + name;
            return name;
        }
    }
}
