using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Examples;
using MlNetPositional.Training.Corpus;
using MlNetPositional.Training.Export;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Specs;

namespace MlNetPositional.Benchmarks;

/// <summary>
/// Training the same model on the same TSV file two ways: what <c>mlnet-positional train --data</c>
/// then <c>export</c> do (in this process, so process start-up is not counted), and a pipeline whose
/// Fit trains it (LoadFromTextFile -> NormalizeText -> TokenizeIntoWords -> TrainPositionalEmbedding).
/// Same tokens, vocabulary, settings and step count; each includes its scan, training, export and
/// (for Fit) the ONNX Runtime session. Rows per second = steps x batch size / mean time.
/// </summary>
[Config(typeof(OncePerIterationConfig))]
public class TrainingInFit
{
    private const int Steps = 200;
    private const int BatchSize = 64;
    private const int MaxLength = 16;
    private const int Dim = 64;
    private const int Layers = 1;

    private string _folder = null!;
    private string _data = null!;
    private int _run;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("bench-fit-").FullName;
        _data = Path.Combine(_folder, "order.tsv");
        OrderSentences.WriteTsv(_data, rows: 4000, seed: 1, maxWords: MaxLength, vocabularySize: 200, prefix: "T");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true, Description = "train --data + export (CLI path)")]
    public long CliPath()
    {
        var run = Path.Combine(_folder, $"run{_run++}");
        var spec = new TrainingSpec
        {
            Model = new() { MaxLength = MaxLength, Dim = Dim, Layers = Layers, Heads = 4, Dropout = 0.1 },
            Training = new()
            {
                Data = new CorpusSettings { Path = _data, TextColumn = "Text", LabelColumn = "Label" },
                Steps = Steps,
                BatchSize = BatchSize,
                EvalEvery = 50,
                Patience = 0,
            },
        };
        var metrics = Trainer.Train(spec, run);
        OnnxExporter.ExportCheckpoint(run, Path.Combine(run, "model.onnx"));
        return metrics.Steps;
    }

    [Benchmark(Description = "pipeline.Fit with TrainPositionalEmbedding")]
    public long FitPath()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTextFile<LabelledTextRow>(_data, hasHeader: true, separatorChar: '\t');
        var pipeline = ml.Transforms.Text.NormalizeText("Normalized", "Text")
            .Append(ml.Transforms.Text.TokenizeIntoWords("Tokens", "Normalized"))
            .Append(ml.Transforms.TrainPositionalEmbedding(new PositionalEmbeddingTrainingOptions
            {
                InputColumnName = "Tokens",
                LabelColumnName = "Label",
                MaxLength = MaxLength,
                Dim = Dim,
                Layers = Layers,
                Heads = 4,
                Dropout = 0.1,
                Steps = Steps,
                BatchSize = BatchSize,
                EvaluateEvery = 50,
                Patience = 0,
            }));
        using var fitted = pipeline.Fit(data).LastTransformer;
        return fitted.ModelMetadata.Config.VocabSize;
    }
}
