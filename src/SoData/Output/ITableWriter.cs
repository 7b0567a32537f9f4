using System;
using System.Collections.Generic;

namespace SoData.Output
{
    /// <summary>
    /// Rows to a file format, in order, as they come: nothing is held back beyond a write buffer, so a writer's memory
    /// does not grow with the rows. <see cref="Complete"/> ends the file; a writer disposed without it leaves an
    /// incomplete file, which <see cref="AtomicFile"/> deletes.
    /// </summary>
    public interface ITableWriter : IDisposable
    {
        /// <summary>Once, before the first row.</summary>
        void WriteHeader(IReadOnlyList<TableColumn> columns);

        /// <summary>One row; the array may be reused by the caller for the next row.</summary>
        void WriteRow(TableCell[] cells);

        /// <summary>Writes whatever ends the file and flushes it to the stream.</summary>
        void Complete();
    }
}
