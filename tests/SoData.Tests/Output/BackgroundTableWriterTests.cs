using SoData.Output;
using Xunit;

namespace SoData.Tests.Output;

/// <summary>The writer thread between Export-SoDataDatapoint and the workbook: every row once, in order, and its errors surface.</summary>
public class BackgroundTableWriterTests
{
    private sealed class Recorder : ITableWriter
    {
        public List<string> Rows { get; } = new();
        public int? FailAt { get; init; }
        public bool Completed { get; private set; }
        public bool Disposed { get; private set; }
        public int Thread { get; private set; }

        public void WriteHeader(IReadOnlyList<TableColumn> columns) => Rows.Add(string.Join(",", columns));

        public void WriteRow(TableCell[] cells)
        {
            if (Rows.Count == FailAt) throw new IOException("disk full");
            Thread = Environment.CurrentManagedThreadId;
            Rows.Add(string.Join(",", cells.Select(c => c.ToString())));
        }

        public void Complete() => Completed = true;
        public void Dispose() => Disposed = true;
    }

    private static readonly TableColumn[] Columns = { new("N", CellKind.Number, 10), new("S", CellKind.Text, 10) };

    [Fact]
    public void EveryRowReachesTheWriterOnceInOrderOnAnotherThread()
    {
        var recorder = new Recorder();
        using (var writer = new BackgroundTableWriter(recorder))
        {
            writer.WriteHeader(Columns);
            var cells = new TableCell[2];
            for (int i = 0; i < 5000; i++) // several batches, the last one partial
            {
                cells[0] = TableCell.Of(i);
                cells[1] = TableCell.Of(i % 3 == 0 ? null : "s" + i);
                writer.WriteRow(cells); // the array is reused, as the cmdlet does
            }
            writer.Complete();
        }
        Assert.True(recorder.Completed);
        Assert.True(recorder.Disposed);
        Assert.Equal(5001, recorder.Rows.Count);
        Assert.Equal("N,S", recorder.Rows[0]);
        for (int i = 0; i < 5000; i++) Assert.Equal(i + "," + (i % 3 == 0 ? "" : "s" + i), recorder.Rows[i + 1]);
        Assert.NotEqual(Environment.CurrentManagedThreadId, recorder.Thread);
    }

    [Fact]
    public void AnErrorOfTheWriterComesOutAndNothingIsCompleted()
    {
        var recorder = new Recorder { FailAt = 1500 };
        var writer = new BackgroundTableWriter(recorder);
        writer.WriteHeader(Columns);
        var cells = new[] { TableCell.Of(1), TableCell.Of("x") };
        var error = Assert.Throws<IOException>(() =>
        {
            for (int i = 0; i < 100_000; i++) writer.WriteRow(cells);
            writer.Complete();
        });
        Assert.Equal("disk full", error.Message);
        Assert.False(recorder.Completed);
        writer.Dispose();
        Assert.True(recorder.Disposed);
    }

    [Fact]
    public void DisposedWithoutCompleteItStopsAndDisposesTheWriter()
    {
        var recorder = new Recorder();
        var writer = new BackgroundTableWriter(recorder);
        writer.WriteHeader(Columns);
        for (int i = 0; i < 3000; i++) writer.WriteRow([TableCell.Of(i), TableCell.Of("x")]);
        writer.Dispose();
        writer.Dispose();
        Assert.False(recorder.Completed);
        Assert.True(recorder.Disposed);
    }
}
