using System.Globalization;
using System.Reflection;

namespace MlNetPositional.Tests.Shared;

/// <summary>
/// A labelled TSV corpus (mixed case, punctuation, unknown words, empty rows and rows past the max
/// length) and small models trained on it by the CLI in a process of its own, one per tokenizer, shared
/// (as a linked source file) by the bulk library's tests and the embed-file verb's tests.
/// </summary>
internal static class TextModels
{
    public const int MaxLength = 12;

    public const int Rows = 1500;

    private static readonly string[] Words = ["Apple", "river", "STONE", "cloud,", "tiger", "piano!", "lemon", "forest", "candle", "mirror", "déjà", "vu?"];

    private static readonly Lazy<string> Folder = new(() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "mlnet-positional-bulk-tests", $"models-{Guid.NewGuid():N}")).FullName);

    private static readonly Lazy<string> CorpusFile = new(WriteCorpus);

    private static readonly Dictionary<string, Lazy<string>> Models = new()
    {
        ["mlnet-words"] = new(() => Train("mlnet-words")),
        ["chars"] = new(() => Train("chars")),
        ["tiktoken:r50k_base"] = new(() => Train("tiktoken:r50k_base")),
    };

    /// <summary>The corpus: columns id, text, label; row i has id "doc-i".</summary>
    public static string Corpus => CorpusFile.Value;

    /// <summary>A model trained on <see cref="Corpus"/> with <paramref name="tokenizer"/>.</summary>
    public static string Model(string tokenizer = "mlnet-words") => Models[tokenizer].Value;

    /// <summary>A fresh folder for one test's outputs.</summary>
    public static string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Folder.Value, $"{name}-{Guid.NewGuid():N}")).FullName;

    /// <summary>The corpus rows' text, in file order.</summary>
    public static IReadOnlyList<string> Texts { get; } = MakeTexts();

    private static List<string> MakeTexts()
    {
        var random = new Random(7);
        var texts = new List<string>();
        for (var i = 0; i < Rows; i++)
        {
            // Every 50th row is empty, every 7th is past the max length; the rest 1..max words, some unknown.
            var length = i % 50 == 0 ? 0 : i % 7 == 0 ? MaxLength + 1 + random.Next(10) : 1 + random.Next(MaxLength);
            texts.Add(string.Join(' ', Enumerable.Range(0, length).Select(_ => random.Next(20) == 0 ? $"unseen{random.Next(1000)}" : Words[random.Next(Words.Length)])));
        }

        return texts;
    }

    private static string WriteCorpus()
    {
        var path = Path.Combine(Folder.Value, "corpus.tsv");
        File.WriteAllLines(path, ["id\ttext\tlabel", .. Texts.Select((t, i) => string.Create(CultureInfo.InvariantCulture, $"doc-{i}\t{t}\t{(t.StartsWith("Apple", StringComparison.Ordinal) ? "a" : "b")}"))]);
        return path;
    }

    private static string Train(string tokenizer)
    {
        var run = Path.Combine(Folder.Value, $"run-{tokenizer.Replace(':', '-')}");
        var train = Cli("train", "--data", Corpus, "--text-column", "text", "--label-column", "label", "--tokenizer", tokenizer,
            "--layers", "1", "--heads", "2", "--dim", "16", "--max-len", MaxLength.ToString(CultureInfo.InvariantCulture), "--steps", "20", "--batch-size", "32", "--eval-every", "10", "--seed", "3", "--out", run);
        Assert.AreEqual(0, train.Code, train.Stderr);
        var model = Path.Combine(run, "model.onnx");
        var export = Cli("export", "--checkpoint", run, "--out", model);
        Assert.AreEqual(0, export.Code, export.Stderr);
        return model;
    }

    private static (int Code, string Stdout, string Stderr) Cli(params string[] arguments) =>
        ProcessRunner.Run("dotnet", [CliAssembly(), .. arguments], TimeSpan.FromMinutes(10));

    /// <summary>
    /// The CLI's assembly: beside the tests when they reference the CLI, else where the test project's
    /// MlNetPositionalCli assembly metadata says its build put it.
    /// </summary>
    private static string CliAssembly()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "mlnet-positional.dll");
        return File.Exists(beside)
            ? beside
            : Assembly.GetExecutingAssembly().GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MlNetPositionalCli").Value!;
    }
}
