using System.Globalization;
using System.Text.RegularExpressions;

namespace MlNetPositional.Packages.Tests;

/// <summary>
/// Brand-new projects outside the repository, made with `dotnet new console`, use the packed packages
/// the way the README says: the build package exports a model at build time (once) and ships it with
/// the app; the inference package scores it in an ML.NET pipeline and publishes without TorchSharp; the
/// bulk package embeds one shard of a text file to Parquet, also without TorchSharp; the CLI package, hosted in a one-line console app, trains, exports and inspects.
/// </summary>
[TestClass]
public sealed class ConsumerProjectTests
{
    private const string Spec = """
        { "model": { "max_length": 8, "dim": 32, "layers": 1, "heads": 4, "vocab_size": 12 },
          "training": { "task": "order", "steps": 200, "batch_size": 64, "eval_every": 50 } }
        """;

    private const string InferenceProgram = """
        using Microsoft.ML;
        using MlNetPositional;

        // The order task: only whether t2 comes before t3 decides the label.
        var ml = new MLContext(seed: 1);
        var model = Path.Combine(AppContext.BaseDirectory, "models", "order.onnx");
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", model))
            .AppendCacheCheckpoint(ml)
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        var fitted = pipeline.Fit(ml.Data.LoadFromEnumerable(Sentences(800, 1)));
        var metrics = ml.BinaryClassification.Evaluate(fitted.Transform(ml.Data.LoadFromEnumerable(Sentences(400, 2))));
        Console.WriteLine($"accuracy {metrics.Accuracy:F3}");

        static List<Row> Sentences(int count, int seed)
        {
            var random = new Random(seed);
            var rows = new List<Row>();
            for (var i = 0; i < count; i++)
            {
                var words = Enumerable.Range(0, random.Next(2, 9)).Select(_ => $"t{random.Next(4, 12)}").ToArray();
                var a = random.Next(words.Length);
                var b = (a + 1 + random.Next(words.Length - 1)) % words.Length;
                (words[a], words[b]) = ("t2", "t3");
                rows.Add(new Row { Text = string.Join(' ', words), Label = a < b });
            }

            return rows;
        }

        internal sealed class Row
        {
            public string Text { get; set; } = "";

            public bool Label { get; set; }
        }
        """;

    private readonly List<string> _folders = [];

    public TestContext TestContext { get; set; } = null!;

    /// <summary>Consumer folders hold gigabytes of (hard-linked) natives: removed after each test.</summary>
    [TestCleanup]
    public void RemoveConsumerFolders()
    {
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void BuildAndInferencePackages_ExportAtBuildOnce_ScoreInMlNet_PublishWithoutTorchSharp()
    {
        var (folder, app) = NewProject("console", "app", "MlNetPositional.Build", "MlNetPositional");
        Directory.CreateDirectory(Path.Combine(app, "models"));
        File.WriteAllText(Path.Combine(app, "models", "order.json"), Spec);
        File.WriteAllText(Path.Combine(app, "Program.cs"), InferenceProgram);
        var project = Path.Combine(app, "app.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", """
              <ItemGroup>
                <PositionalModel Include="models/*.json" />
              </ItemGroup>
            </Project>
            """, StringComparison.Ordinal));

        var first = PackedPackages.Dotnet(app, "build", "-nologo");
        var exported = Path.Combine(app, "bin", "Debug", "net10.0", "models", "order.onnx");
        Assert.IsTrue(File.Exists(exported), first);
        StringAssert.Contains(first, "built ");
        var writtenAt = File.GetLastWriteTimeUtc(exported);

        var second = PackedPackages.Dotnet(app, "build", "-nologo");
        Assert.IsFalse(second.Contains("built ", StringComparison.Ordinal), $"the second build trained again:\n{second}");
        Assert.AreEqual(writtenAt, File.GetLastWriteTimeUtc(exported), "the model was not rewritten");

        File.WriteAllText(Path.Combine(app, "models", "broken.json"), "{ \"model\": { \"dim\": 30, \"heads\": 4, \"layers\": 1 } }");
        var (code, failed, _) = PackedPackages.TryDotnet(app, "build", "-nologo");
        Assert.AreNotEqual(0, code, "a spec that cannot train fails the build");
        StringAssert.Contains(failed, "Model export failed for spec broken");
        StringAssert.Contains(failed, "divisible by heads");
        PackedPackages.Dotnet(app, "build", "-nologo", "-p:SkipModelExport=true");
        File.Delete(Path.Combine(app, "models", "broken.json"));

        var run = PackedPackages.Dotnet(app, "run", "--no-build");
        var accuracy = double.Parse(Regex.Match(run, @"accuracy (\d\.\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.IsTrue(accuracy >= 0.85, $"the app's pipeline on the build-time model: {run}");

        var publish = Path.Combine(folder, "publish");
        PackedPackages.Dotnet(app, "publish", "-c", "Release", "-o", publish, "-nologo");
        Assert.IsTrue(File.Exists(Path.Combine(publish, "models", "order.onnx")), "the model is published with the app");
        var torch = Directory.EnumerateFiles(publish, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.AreEqual(0, torch.Count, string.Join(", ", torch));
        TestContext.WriteLine($"inference app publish folder: {PackedPackages.Size(publish) / 1048576.0:F1} MB; accuracy {accuracy:F3}");
    }

    [TestMethod]
    public void BulkPackage_AConsoleHostEmbedsATextFileToParquet_PublishesWithoutTorchSharp()
    {
        var (folder, app) = NewProject("console", "bulk", "MlNetPositional.Bulk");
        var (corpus, model) = (Path.Combine(folder, "texts.tsv"), Path.Combine(folder, "model.onnx"));
        File.WriteAllLines(corpus, ["id\ttext\tlabel", .. Enumerable.Range(0, 300).Select(i => $"doc-{i}\t{(i % 2 == 0 ? "red green blue" : "blue green red")} word{i % 7}\t{i % 2}")]);
        RepositoryCli("train", "--data", corpus, "--text-column", "text", "--label-column", "label", "--layers", "1", "--dim", "16", "--heads", "2", "--max-len", "8", "--steps", "10", "--out", Path.Combine(folder, "run"));
        RepositoryCli("export", "--checkpoint", Path.Combine(folder, "run"), "--out", model);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using MlNetPositional.Bulk;
            // One shard of a text file into Parquet: what a Kubernetes indexed Job's container runs.
            var summary = await BulkEmbedder.RunAsync(new BulkEmbeddingOptions
            {
                ModelPath = args[0], InputPath = args[1], TextColumn = "text", IdColumn = "id", OutputPath = args[2], Shard = ShardSpec.Parse(args[3]),
            });
            Console.WriteLine($"rows {summary.Rows} dim {summary.Dim}");
            """);

        var output = PackedPackages.Dotnet(app, "run", "--", model, corpus, Path.Combine(folder, "part-1.parquet"), "1/3");

        StringAssert.Contains(output, "rows 100 dim 16");
        var parquet = File.ReadAllBytes(Path.Combine(folder, "part-1.parquet"));
        Assert.AreEqual("PAR1", System.Text.Encoding.ASCII.GetString(parquet.AsSpan(0, 4)), "a Parquet file starts...");
        Assert.AreEqual("PAR1", System.Text.Encoding.ASCII.GetString(parquet.AsSpan(parquet.Length - 4)), "...and ends with its magic");
        var publish = Path.Combine(folder, "publish");
        PackedPackages.Dotnet(app, "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", publish, "-nologo");
        var torch = Directory.EnumerateFiles(publish, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.AreEqual(0, torch.Count, string.Join(", ", torch));
        TestContext.WriteLine($"bulk host publish folder (linux-x64): {PackedPackages.Size(publish) / 1048576.0:F1} MB");
    }

    /// <summary>The repository's own CLI (built with this test project), to make a text model for the consumer.</summary>
    private static void RepositoryCli(params string[] arguments)
    {
        var cli = Path.Combine(PackedPackages.RepositoryRoot, "src", "MlNetPositional.Cli", "bin", PackedPackages.Configuration, "net10.0", "mlnet-positional.dll");
        PackedPackages.Dotnet(PackedPackages.RepositoryRoot, [cli, .. arguments]);
    }

    [TestMethod]
    public void CliPackage_HostedInAOneLineConsoleApp_TrainsExportsAndInspects()
    {
        var (folder, cli) = NewProject("console", "positional-cli", "MlNetPositional.Cli");
        File.WriteAllText(Path.Combine(cli, "Program.cs"), "return MlNetPositional.Cli.CliApp.Run(args, Console.Out, Console.Error);\n");
        PackedPackages.Dotnet(cli, "build", "-nologo", "-p:CreateHardLinksForCopyLocalIfPossible=true");
        string Cli(params string[] arguments) => PackedPackages.Dotnet(cli, ["run", "--no-build", "--", .. arguments]);

        var run = Path.Combine(folder, "run");
        var model = Path.Combine(folder, "order.onnx");
        Cli("train", "--task", "order", "--layers", "1", "--dim", "16", "--heads", "2", "--max-len", "8", "--vocab-size", "12", "--steps", "20", "--out", run);
        Cli("export", "--checkpoint", run, "--out", model);
        var inspect = Cli("inspect", model);

        Assert.IsTrue(File.Exists(Path.Combine(run, "checkpoint.bin")));
        StringAssert.Contains(inspect, "dim");
        StringAssert.Contains(inspect, "16");

        var publish = Path.Combine(folder, "publish");
        PackedPackages.Dotnet(cli, "publish", "-c", "Release", "-o", publish, "-nologo", "-p:CreateHardLinksForPublishFilesIfPossible=true");
        TestContext.WriteLine($"CLI (training) app publish folder: {PackedPackages.Size(publish) / 1048576.0:F1} MB");
    }

    [TestMethod]
    public void TestingPackage_InANewMSTestProject_GreenOnAGoodModel_RedWithTheMessageOnABadOne()
    {
        var (folder, suite) = NewProject("mstest", "suite", "MlNetPositional.Testing");
        var (good, bad) = (Path.Combine(folder, "good.onnx"), Path.Combine(folder, "bad.onnx"));
        var model = File.ReadAllBytes(Path.Combine(PackedPackages.RepositoryRoot, "onnx", "order.onnx"));
        File.WriteAllBytes(good, model);
        File.WriteAllBytes(bad, model[..(model.Length / 2)]);
        File.WriteAllText(Path.Combine(suite, "Test1.cs"), $$"""
            using MlNetPositional.Testing;

            namespace suite;

            [TestClass]
            public sealed class ModelTests
            {
                [TestMethod]
                public void Good()
                {
                    PositionalModelAssert.IsValid(@"{{good}}");
                    PositionalModelAssert.IsPositionSensitive(@"{{good}}");
                }

                [TestMethod]
                public void Bad() => PositionalModelAssert.IsValid(@"{{bad}}");
            }
            """);

        PackedPackages.Dotnet(suite, "test", "--filter", "Name=Good");
        var (code, stdout, stderr) = PackedPackages.TryDotnet(suite, "test", "--filter", "Name=Bad");

        Assert.AreNotEqual(0, code, "a bad model fails the suite");
        StringAssert.Contains(stdout + stderr, "PositionalModelAssert.IsValid failed: expected a model exported by MlNetPositional");
        StringAssert.Contains(stdout + stderr, "bad.onnx");
    }

    /// <summary>`dotnet new TEMPLATE` in a new consumer folder (removed after the test), with the packed packages added.</summary>
    private (string Folder, string Project) NewProject(string template, string name, params string[] packages)
    {
        var folder = PackedPackages.NewConsumerFolder(name);
        _folders.Add(folder);
        PackedPackages.Dotnet(folder, "new", template, "-o", name);
        var project = Path.Combine(folder, name);
        foreach (var package in packages)
        {
            PackedPackages.Dotnet(project, "add", "package", package, "--version", PackedPackages.Version);
        }

        return (folder, project);
    }
}
