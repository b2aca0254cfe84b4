using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Bulk.Tests;

/// <summary>The library behind embed-file, called as a host program calls it.</summary>
[TestClass]
public sealed class BulkEmbedderTests
{
    [TestMethod]
    public async Task RunAsync_ReportsProgressAndASummaryThatAgreesWithTheFile()
    {
        var output = Path.Combine(TextModels.NewFolder("library"), "e.parquet");
        var reports = new List<BulkEmbeddingProgress>();

        var summary = await BulkEmbedder.RunAsync(Options(output) with { BatchSize = 100, Shard = new ShardSpec(1, 3) }, new SynchronousProgress(reports.Add));

        var file = EmbeddingFile.Read(output);
        Assert.AreEqual(TextModels.Rows / 3, summary.Rows);
        Assert.AreEqual(file.Rows.Count, summary.Rows);
        Assert.AreEqual(TextModels.Rows, summary.RowsRead);
        Assert.AreEqual(file.Rows.Count(r => r.Truncated), summary.Truncated);
        Assert.AreEqual(file.Rows.Count(r => r.TokenCount == 0), summary.Empty);
        Assert.AreEqual(Path.GetFullPath(output), summary.OutputPath);
        Assert.AreEqual(5, reports.Count, "one report per batch of 100 of the shard's 500 rows");
        CollectionAssert.AreEqual(new long[] { 100, 200, 300, 400, 500 }, reports.Select(r => r.RowsWritten).ToArray());
        Assert.IsTrue(reports.Zip(reports.Skip(1)).All(p => p.First.RowsRead < p.Second.RowsRead && p.First.Elapsed <= p.Second.Elapsed));
    }

    [TestMethod]
    public async Task Cancelled_AfterTheFirstBatch_ThrowsAndWritesNothing()
    {
        var folder = TextModels.NewFolder("cancel");
        var output = Path.Combine(folder, "e.parquet");
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            BulkEmbedder.RunAsync(Options(output) with { BatchSize = 50 }, new SynchronousProgress(_ => cancel.Cancel()), cancel.Token));

        Assert.AreEqual(0, Directory.GetFiles(folder).Length, "no output and no temp file");
    }

    [TestMethod]
    public async Task InvalidOptions_AreRefusedBeforeAnyFileIsTouched()
    {
        var folder = TextModels.NewFolder("invalid");

        var shard = await Assert.ThrowsExactlyAsync<InvalidBulkInputException>(() => BulkEmbedder.RunAsync(Options(Path.Combine(folder, "e.parquet")) with { Shard = new ShardSpec(5, 4) }));
        var rowGroup = await Assert.ThrowsExactlyAsync<InvalidBulkInputException>(() => BulkEmbedder.RunAsync(Options(Path.Combine(folder, "e.parquet")) with { RowGroupSize = 0 }));

        Assert.AreEqual("shard '5/4'", shard.Setting);
        StringAssert.StartsWith(rowGroup.Message, "row group size 0: ");
        Assert.AreEqual(0, Directory.GetFiles(folder).Length);
    }

    private static BulkEmbeddingOptions Options(string output) => new()
    {
        ModelPath = TextModels.Model(),
        InputPath = TextModels.Corpus,
        TextColumn = "text",
        OutputPath = output,
    };

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<BulkEmbeddingProgress> report) : IProgress<BulkEmbeddingProgress>
    {
        public void Report(BulkEmbeddingProgress value) => report(value);
    }
}
