using System.Diagnostics;
using MlNetPositional.Cli.Tests.Export;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Cli.Tests.EmbedFile;

/// <summary>embed-file refuses bad input with one line and exit code 2, and never leaves a partial output.</summary>
[TestClass]
public sealed class EmbedFileBadInputTests
{
    public static IEnumerable<object[]> BadRuns =>
    [
        ["missing text column", new[] { "--text-column", "body" }, "no column named 'body'; the header has: id, text, label"],
        ["missing id column", new[] { "--text-column", "text", "--id-column", "key" }, "no column named 'key'"],
        ["shard past the count", new[] { "--text-column", "text", "--shard", "5/4" }, "shard '5/4': shards are numbered 0 to 3"],
        ["pooling none", new[] { "--text-column", "text", "--pooling", "none" }, "--pooling 'none': expected mean, max or first"],
        ["batch size 0", new[] { "--text-column", "text", "--batch-size", "0" }, "batch size 0"],
        ["max length past the table", new[] { "--text-column", "text", "--max-len", "99" }, "max length 99: MaxLength (99) is past the model's position table of 12 rows."],
    ];

    [TestMethod]
    [DynamicData(nameof(BadRuns))]
    public void BadSetting_OneLineExit2_OutputUntouched(string what, string[] arguments, string expected)
    {
        var folder = TextModels.NewFolder("bad");
        var output = Path.Combine(folder, "embeddings.parquet");
        File.WriteAllText(output, "old");

        var run = CliRunner.Run(["embed-file", "--model", TextModels.Model(), "--input", TextModels.Corpus, "--out", output, .. arguments]);

        AssertRefused(run, expected, what);
        Assert.AreEqual("old", File.ReadAllText(output), what);
        CollectionAssert.AreEqual(new[] { "embeddings.parquet" }, Directory.GetFiles(folder).Select(Path.GetFileName).ToArray(), $"{what}: no temp file left");
    }

    [TestMethod]
    public void ModelWithoutTokenizerRecord_IsRefusedNamingIt()
    {
        var folder = TextModels.NewFolder("no-tokenizer");
        var output = Path.Combine(folder, "embeddings.parquet");

        var run = EmbedFileTests.EmbedFile(ExportedModelFixture.Model, output);

        AssertRefused(run, $"{ExportedModelFixture.Model}: it has no tokenizer record", "a dummy-task model");
        Assert.AreEqual(0, Directory.GetFiles(folder).Length);
    }

    [TestMethod]
    public void UnwritableOutput_IsRefusedBeforeAnyWork()
    {
        var folder = TextModels.NewFolder("unwritable");
        var file = Path.Combine(folder, "a-file");
        File.WriteAllText(file, "");
        var output = Path.Combine(file, "embeddings.parquet");   // a folder that cannot exist: its parent is a file

        var run = EmbedFileTests.EmbedFile(TextModels.Model(), output);

        AssertRefused(run, $"output '{output}': cannot be written", "output under a file");
        CollectionAssert.AreEqual(new[] { "a-file" }, Directory.GetFiles(folder).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void OutputIsAFolder_IsRefused()
    {
        var folder = TextModels.NewFolder("folder-out");

        var run = EmbedFileTests.EmbedFile(TextModels.Model(), folder);

        AssertRefused(run, $"output '{folder}': is a folder", "output is a folder");
    }

    [TestMethod]
    public void MissingInput_IsRefusedNamingIt()
    {
        var folder = TextModels.NewFolder("no-input");
        var input = Path.Combine(folder, "nope.tsv");

        var run = CliRunner.Run("embed-file", "--model", TextModels.Model(), "--input", input, "--text-column", "text", "--out", Path.Combine(folder, "e.parquet"));

        AssertRefused(run, $"{input}: the file does not exist", "missing input");
        Assert.AreEqual(0, Directory.GetFiles(folder).Length);
    }

    [TestMethod]
    public void KilledMidRun_LeavesTheOldOutput_AndOnlyAHiddenTempFile()
    {
        var folder = TextModels.NewFolder("kill");
        var input = Path.Combine(folder, "big.tsv");
        File.WriteAllLines(input, ["id\ttext", .. Enumerable.Range(0, 200_000).Select(i => $"{i}\t{TextModels.Texts[i % TextModels.Texts.Count]}")]);
        var output = Path.Combine(folder, "embeddings.parquet");
        File.WriteAllText(output, "old");
        using var process = CliRunner.Start("embed-file", "--model", TextModels.Model(), "--input", input, "--text-column", "text", "--out", output, "--row-group-size", "1000");
        var clock = Stopwatch.StartNew();
        string[] temps;
        while ((temps = Directory.GetFiles(folder, ".embeddings.parquet.*")).Length == 0 || new FileInfo(temps[0]).Length < 100_000)
        {
            Assert.IsFalse(process.HasExited, $"the run ended before it could be killed: {process.StandardError.ReadToEnd()}");
            Assert.IsTrue(clock.Elapsed < TimeSpan.FromMinutes(10), "no temp file appeared");
            Thread.Sleep(5);
        }

        process.Kill();   // SIGKILL: no finally block runs
        process.WaitForExit();

        Assert.AreEqual("old", File.ReadAllText(output), "the output is the old file until a run completes");
        var left = Directory.GetFiles(folder).Select(Path.GetFileName).Where(n => n is not "big.tsv" and not "embeddings.parquet").ToList();
        Assert.AreEqual(1, left.Count);
        StringAssert.StartsWith(left[0], ".", "the partial file is hidden, so Spark and Hadoop skip it when they read the folder");
    }

    private static void AssertRefused((int ExitCode, string Stdout, string Stderr) run, string expected, string what)
    {
        Assert.AreEqual(ExitCodes.BadInput, run.ExitCode, $"{what}: {run.Stderr}");
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1, lines.Length, $"{what}: one line, got: {run.Stderr}");
        StringAssert.StartsWith(lines[0], "error: ", what);
        StringAssert.Contains(lines[0], expected, what);
        Assert.IsFalse(lines[0].Contains("(Parameter '", StringComparison.Ordinal), $"{what}: no .NET parameter suffix in a CLI message: {lines[0]}");
    }
}
