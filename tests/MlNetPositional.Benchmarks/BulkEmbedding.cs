using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Bulk;
using MlNetPositional.Examples;
using MlNetPositional.Training.Corpus;
using MlNetPositional.Training.Export;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Specs;

namespace MlNetPositional.Benchmarks;

/// <summary>
/// Embedding every row of a 20,000-row TSV with a model trained on it (1 layer, dim 64, rows of 2..32
/// words), two ways: <c>embed-file</c>'s library (read, tokenise, equal-length calls, Parquet written
/// and renamed) against what a user would write in ML.NET without it (LoadFromTextFile ->
/// NormalizeText -> TokenizeIntoWords -> ApplyPositionalEmbedding, every vector read by a cursor,
/// nothing written). Rows per second = 20,000 / mean time.
/// </summary>
[Config(typeof(OncePerIterationConfig))]
public class BulkEmbedding
{
    private const int Rows = 20_000;

    private string _folder = null!;
    private string _data = null!;
    private string _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("bench-bulk-").FullName;
        _data = Path.Combine(_folder, "order.tsv");
        OrderSentences.WriteTsv(_data, rows: Rows, seed: 1, maxWords: 32, vocabularySize: 500, prefix: "T");
        var run = Path.Combine(_folder, "run");
        Trainer.Train(new TrainingSpec
        {
            Model = new() { MaxLength = 32, Dim = 64, Layers = 1, Heads = 4 },
            Training = new() { Data = new CorpusSettings { Path = _data, TextColumn = "Text", LabelColumn = "Label" }, Steps = 20, BatchSize = 64, EvalEvery = 10, Patience = 0 },
        }, run);
        _model = Path.Combine(_folder, "model.onnx");
        OnnxExporter.ExportCheckpoint(run, _model);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true, Description = "ML.NET: TokenizeIntoWords -> ApplyPositionalEmbedding, cursor")]
    public double MlNetTransform()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTextFile<LabelledTextRow>(_data, hasHeader: true, separatorChar: '\t');
        var embedded = ml.Transforms.Text.NormalizeText("Normalized", nameof(LabelledTextRow.Text))
            .Append(ml.Transforms.Text.TokenizeIntoWords("Tokens", "Normalized"))
            .Append(ml.Transforms.ApplyPositionalEmbedding("Embedding", "Tokens", _model))
            .Fit(data).Transform(data);
        using var cursor = embedded.GetRowCursor([embedded.Schema["Embedding"]]);
        var getter = cursor.GetGetter<VBuffer<float>>(embedded.Schema["Embedding"]);
        var vector = default(VBuffer<float>);
        var sum = 0.0;
        while (cursor.MoveNext())
        {
            getter(ref vector);
            sum += vector.GetValues()[0];
        }

        return sum;
    }

    [Benchmark(Description = "embed-file (BulkEmbedder): Parquet written")]
    public long EmbedFile() =>
        BulkEmbedder.RunAsync(new BulkEmbeddingOptions { ModelPath = _model, InputPath = _data, TextColumn = "Text", OutputPath = Path.Combine(_folder, "out.parquet") })
            .GetAwaiter().GetResult().Rows;
}
