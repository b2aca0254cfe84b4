using MlNetPositional.Bulk;
using Spectre.Console;

namespace MlNetPositional.Cli.Progress;

/// <summary>Progress of <c>embed-file</c>: a Spectre.Console bar on a terminal, a line every few seconds otherwise.</summary>
internal static class BulkProgressDisplay
{
    /// <summary>Runs <paramref name="embed"/> while drawing a bar over about <paramref name="expectedRows"/> input rows.</summary>
    public static BulkEmbeddingSummary Live(long expectedRows, Func<IProgress<BulkEmbeddingProgress>, BulkEmbeddingSummary> embed) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("embedding", maxValue: Math.Max(1, expectedRows));
                return embed(new Bar(task));
            });

    /// <summary>A plain line at most every <paramref name="every"/> (CI logs, files).</summary>
    public static IProgress<BulkEmbeddingProgress> Plain(TextWriter output, TimeSpan every) => new PlainLines(output, every);

    /// <summary>Reports on the embedding thread (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class Bar(ProgressTask task) : IProgress<BulkEmbeddingProgress>
    {
        public void Report(BulkEmbeddingProgress value)
        {
            task.Description = $"{value.RowsWritten:N0} rows, {value.RowsWritten / Math.Max(value.Elapsed.TotalSeconds, 1e-9):N0} rows/s";
            task.Value = Math.Min(value.RowsRead, task.MaxValue);
        }
    }

    private sealed class PlainLines(TextWriter output, TimeSpan every) : IProgress<BulkEmbeddingProgress>
    {
        private TimeSpan _next = TimeSpan.Zero;

        public void Report(BulkEmbeddingProgress value)
        {
            if (value.Elapsed < _next + every)
            {
                return;
            }

            _next = value.Elapsed;
            output.WriteLine($"read {value.RowsRead:N0} rows, embedded {value.RowsWritten:N0} ({value.RowsWritten / Math.Max(value.Elapsed.TotalSeconds, 1e-9):N0} rows/s)");
            output.Flush();
        }
    }
}
