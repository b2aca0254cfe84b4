using System.Diagnostics;
using MlNetPositional.Bulk;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Cli.Tests.EmbedFile;

/// <summary>--shard i/N: N shards cover every row once, and together equal one run bit for bit.</summary>
[TestClass]
public sealed class ShardTests
{
    [TestMethod]
    public void FourShardsInFourProcesses_TogetherEqualOneRun_BitForBit()
    {
        var folder = TextModels.NewFolder("shards");
        var single = Path.Combine(folder, "all.parquet");
        Assert.AreEqual(0, EmbedFileTests.EmbedFile(TextModels.Model(), single, "--id-column", "id").ExitCode);

        var processes = Enumerable.Range(0, 4).Select(i => Start(TextModels.Model(), Path.Combine(folder, $"part-{i}.parquet"), $"{i}/4")).ToList();
        foreach (var process in processes)
        {
            Assert.IsTrue(process.WaitForExit(TimeSpan.FromMinutes(10)), "a shard did not finish");
            Assert.AreEqual(0, process.ExitCode, process.StandardError.ReadToEnd());
            process.Dispose();
        }

        var parts = Enumerable.Range(0, 4).Select(i => EmbeddingFile.Read(Path.Combine(folder, $"part-{i}.parquet"))).ToList();
        for (var i = 0; i < 4; i++)
        {
            Assert.AreEqual($"{i}/4", parts[i].Metadata["mlnet_positional.shard"]);
            Assert.IsTrue(parts[i].Rows.All(r => r.Row % 4 == i), $"shard {i} holds only its rows");
        }

        var merged = parts.SelectMany(p => p.Rows).OrderBy(r => r.Row).ToList();
        var whole = EmbeddingFile.Read(single).Rows;
        Assert.AreEqual(whole.Count, merged.Count, "every row exactly once");
        for (var r = 0; r < whole.Count; r++)
        {
            Assert.AreEqual(whole[r].Row, merged[r].Row);
            Assert.AreEqual(whole[r].Id, merged[r].Id);
            Assert.AreEqual(whole[r].TokenCount, merged[r].TokenCount);
            Assert.AreEqual(whole[r].Truncated, merged[r].Truncated);
            CollectionAssert.AreEqual(Bits(whole[r].Embedding), Bits(merged[r].Embedding), $"row {r}");
        }
    }

    [TestMethod]
    public void BatchAndRowGroupSizes_DoNotChangeAnyBit()
    {
        var folder = TextModels.NewFolder("sizes");
        var reference = Path.Combine(folder, "reference.parquet");
        var small = Path.Combine(folder, "small.parquet");
        Assert.AreEqual(0, EmbedFileTests.EmbedFile(TextModels.Model(), reference).ExitCode);

        Assert.AreEqual(0, EmbedFileTests.EmbedFile(TextModels.Model(), small, "--batch-size", "7", "--row-group-size", "100").ExitCode);

        var (a, b) = (EmbeddingFile.Read(reference), EmbeddingFile.Read(small));
        Assert.AreEqual(1, a.RowGroups);
        Assert.AreEqual(TextModels.Rows / 100, b.RowGroups);
        for (var r = 0; r < a.Rows.Count; r++)
        {
            CollectionAssert.AreEqual(Bits(a.Rows[r].Embedding), Bits(b.Rows[r].Embedding), $"row {r}");
        }
    }

    [TestMethod]
    public void MoreShardsThanRows_AnEmptyShardIsAValidFileWithTheSchema()
    {
        var output = Path.Combine(TextModels.NewFolder("empty-shard"), "part.parquet");

        var run = EmbedFileTests.EmbedFile(TextModels.Model(), output, "--shard", "1999/2000");

        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        var file = EmbeddingFile.Read(output);
        Assert.AreEqual(0, file.Rows.Count);
        CollectionAssert.AreEqual(new[] { "row", "embedding.list.element", "token_count", "truncated" }, file.Columns.ToArray());
        Assert.AreEqual("1999/2000", file.Metadata["mlnet_positional.shard"]);
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];

    /// <summary>One shard in a process of its own, one ONNX Runtime thread, as a batch scheduler would run it.</summary>
    private static Process Start(string model, string output, string shard) =>
        CliRunner.Start("embed-file", "--model", model, "--input", TextModels.Corpus, "--text-column", "text", "--id-column", "id", "--out", output, "--shard", shard, "--threads", "1");
}
