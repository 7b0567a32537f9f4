using System;
using System.IO;
using SoData.Client;

namespace SoData.Output
{
    /// <summary>Creates the workbook writer of SoData.Spreadsheet.dll (SpreadCheetah), loaded in isolation on first use.</summary>
    public static class WorkbookSinks
    {
        private const string AssemblyName = "SoData.Spreadsheet";
        private const string TypeName = "SoData.Spreadsheet.SpreadCheetahWorkbookSink";
        private static readonly Lazy<Type> SinkType = new Lazy<Type>(() => IsolatedDependency.LoadType(AssemblyName, TypeName), System.Threading.LazyThreadSafetyMode.PublicationOnly);

        /// <summary>A workbook written to <paramref name="stream"/>, which it leaves open.</summary>
        public static IWorkbookSink Create(Stream stream) => (IWorkbookSink)Activator.CreateInstance(SinkType.Value, stream)!;
    }
}
