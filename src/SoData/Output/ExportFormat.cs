namespace SoData.Output
{
    /// <summary>The file formats of Export-SoDataDatapoint.</summary>
    public enum ExportFormat
    {
        /// <summary>Comma-separated values, invariant culture.</summary>
        Csv,

        /// <summary>An Excel workbook (Office Open XML).</summary>
        Xlsx,
    }
}
