using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace SoData.Output
{
    /// <summary>
    /// Hands rows to another writer on a thread of its own, so that a writer heavy on CPU (a workbook: XML and
    /// compression) works while the caller reads and parses the next responses. Rows go in batches through a few
    /// buffers that are reused, so memory stays bounded: when the writer falls behind, <see cref="WriteRow"/> waits.
    /// An error of the writer comes out of the next <see cref="WriteRow"/> or of <see cref="Complete"/>.
    /// </summary>
    public sealed class BackgroundTableWriter : ITableWriter
    {
        private const int RowsPerBatch = 1024;
        private const int Batches = 4;

        private readonly ITableWriter _inner;
        private readonly BlockingCollection<Batch> _full = new BlockingCollection<Batch>();
        private readonly BlockingCollection<Batch> _free = new BlockingCollection<Batch>();
        private Thread? _thread;
        private Batch? _current;
        private int _width;
        private volatile Exception? _error;
        private volatile bool _abandoned;

        /// <param name="inner">The writer that does the work; disposed with this one.</param>
        public BackgroundTableWriter(ITableWriter inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

        /// <summary>Written at once, on the caller's thread; the rows that follow go to the writer's thread.</summary>
        public void WriteHeader(IReadOnlyList<TableColumn> columns)
        {
            if (_thread != null) throw new InvalidOperationException("The header is written once.");
            _inner.WriteHeader(columns);
            _width = columns.Count;
            for (int i = 0; i < Batches; i++) _free.Add(new Batch(RowsPerBatch * _width));
            _current = _free.Take();
            _thread = new Thread(Run) { IsBackground = true, Name = "SoData table writer" };
            _thread.Start();
        }

        public void WriteRow(TableCell[] cells)
        {
            if (_current == null) throw new InvalidOperationException("Write the header first.");
            ThrowIfFailed();
            Array.Copy(cells, 0, _current.Cells, _current.Rows * _width, _width);
            if (++_current.Rows < RowsPerBatch) return;
            _full.Add(_current);
            _current = _free.Take();
        }

        /// <summary>Waits for the writer to write every row, then completes it.</summary>
        public void Complete()
        {
            if (_current == null) throw new InvalidOperationException("Write the header first.");
            if (_current.Rows > 0) _full.Add(_current);
            _current = null;
            _full.CompleteAdding();
            _thread!.Join();
            ThrowIfFailed();
            _inner.Complete();
        }

        /// <summary>Stops the writer's thread (the rows not yet written are dropped) and disposes the writer.</summary>
        public void Dispose()
        {
            if (_abandoned) return;
            _abandoned = true;
            if (!_full.IsAddingCompleted) _full.CompleteAdding();
            _thread?.Join();
            _inner.Dispose();
            _full.Dispose();
            _free.Dispose();
        }

        private void Run()
        {
            var row = new TableCell[_width];
            foreach (Batch batch in _full.GetConsumingEnumerable())
            {
                try
                {
                    for (int r = 0; r < batch.Rows && !_abandoned && _error == null; r++)
                    {
                        Array.Copy(batch.Cells, r * _width, row, 0, _width);
                        _inner.WriteRow(row);
                    }
                }
                catch (Exception ex)
                {
                    _error = ex;
                }
                finally
                {
                    // Strings of the rows written are not kept alive by a buffer waiting to be reused.
                    Array.Clear(batch.Cells, 0, batch.Rows * _width);
                    batch.Rows = 0;
                    _free.Add(batch);
                }
            }
        }

        private void ThrowIfFailed()
        {
            Exception? error = _error;
            if (error != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }

        private sealed class Batch
        {
            public Batch(int cells) => Cells = new TableCell[cells];

            public TableCell[] Cells { get; }
            public int Rows { get; set; }
        }
    }
}
