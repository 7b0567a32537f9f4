using System;
using System.Collections.Generic;
using System.Linq;
using SoData.Client;

namespace SoData.Output
{
    /// <summary>
    /// Which sheet a row of the long layout goes to with -SheetPer: its device, or its series (device and mapping config),
    /// read from the row's own cells, and the group's full name for the sheet's title row and its (shorter) name.
    /// </summary>
    internal sealed class SheetGroups
    {
        private readonly WorksheetGrouping _grouping;
        private readonly int _deviceUuid, _deviceName, _streamRef, _title, _unit;

        public SheetGroups(WorksheetGrouping grouping, IReadOnlyList<TableColumn> columns)
        {
            _grouping = grouping;
            _deviceUuid = Find(columns, nameof(DataPoint.DeviceUuid));
            _deviceName = Find(columns, nameof(DataPoint.DeviceName));
            _streamRef = Find(columns, nameof(DataPoint.StreamRef));
            _title = Find(columns, nameof(DataPoint.Title));
            _unit = Find(columns, nameof(DataPoint.Unit));
        }

        /// <summary>The group of a row: its device uuid, and its mapping config with -SheetPer Series.</summary>
        public string Key(TableCell[] cells) =>
            _grouping == WorksheetGrouping.Device ? cells[_deviceUuid].Text ?? string.Empty : (cells[_deviceUuid].Text ?? string.Empty) + "|" + cells[_streamRef].Text;

        /// <summary>The sheet's name to make valid: the device's name (or uuid), with the series' title for a series.</summary>
        public string SheetName(TableCell[] cells)
        {
            string device = cells[_deviceName].Text ?? cells[_deviceUuid].Text ?? string.Empty;
            return _grouping == WorksheetGrouping.Device ? device : device + " " + (cells[_title].Text ?? cells[_streamRef].Text);
        }

        /// <summary>The group's full name, for the title row: "Device" or "Device / Title (Unit)", with the uuid or mapping config.</summary>
        public string Title(TableCell[] cells)
        {
            string uuid = cells[_deviceUuid].Text ?? string.Empty;
            string device = cells[_deviceName].Text is string name ? name + " (" + uuid + ")" : uuid;
            if (_grouping == WorksheetGrouping.Device) return device;
            string unit = cells[_unit].Text is string u ? " (" + u + ")" : string.Empty;
            return device + " / " + (cells[_title].Text ?? string.Empty) + unit + " [" + cells[_streamRef].Text + "]";
        }

        /// <summary>
        /// The series in the order -SheetPer needs their rows: grouped by device (or one group per series), each group to
        /// be planned on its own, so its batches hold only its series and its rows come together, window after window.
        /// </summary>
        internal static IEnumerable<IReadOnlyList<DatapointsSeries>> Plan(IReadOnlyList<DatapointsSeries> series, WorksheetGrouping grouping) =>
            grouping == WorksheetGrouping.Series
                ? series.GroupBy(s => s.Key, StringComparer.Ordinal).Select(g => (IReadOnlyList<DatapointsSeries>)new[] { g.First() }).ToList()
                : series.GroupBy(s => s.DeviceUuid, StringComparer.OrdinalIgnoreCase).Select(g => (IReadOnlyList<DatapointsSeries>)g.ToList()).ToList();

        private static int Find(IReadOnlyList<TableColumn> columns, string name)
        {
            for (int i = 0; i < columns.Count; i++)
                if (columns[i].Name == name) return i;
            throw new ArgumentException($"-SheetPer needs the long layout's {name} column.", nameof(columns));
        }
    }
}
