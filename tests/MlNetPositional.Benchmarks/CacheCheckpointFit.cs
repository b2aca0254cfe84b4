using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.Benchmarks;

/// <summary>
/// The same pipeline (ApplyPositionalEmbedding over the encoder workload, then SDCA for 10 passes)
/// fitted with and without AppendCacheCheckpoint after the transform. Without it, every pass of the
/// trainer embeds every row again; with it, rows are embedded once.
/// </summary>
[Config(typeof(OncePerIterationConfig))]
public class CacheCheckpointFit
{
    private const int Rows = 512;

    private MLContext _ml = null!;
    private IDataView _data = null!;
    private string _modelPath = null!;

    [GlobalSetup]
    public void Setup()
    {
        _modelPath = ReferenceModel.Encoder.Path;
        _ml = new MLContext(seed: 1);
        var rows = ReferenceModel.Encoder.Rows(Rows, seed: 2);
        // A position-dependent label: is the first token smaller than the last?
        _data = _ml.Data.LoadFromEnumerable(rows.Select(r => new LabelledIds { Tokens = r, Label = r[0] < r[^1] }));
    }

    [Benchmark(Baseline = true, Description = "Fit, no cache")]
    public float WithoutCache() => Fit(cache: false);

    [Benchmark(Description = "Fit, AppendCacheCheckpoint after the transform")]
    public float WithCache() => Fit(cache: true);

    private float Fit(bool cache)
    {
        var embed = _ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", _modelPath);
        var trainer = _ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 10);
        var model = cache ? embed.AppendCacheCheckpoint(_ml).Append(trainer).Fit(_data) : embed.Append(trainer).Fit(_data);
        var bias = model.LastTransformer.Model.SubModel.Bias;
        (model as IDisposable)?.Dispose();
        return bias;
    }

    private sealed class LabelledIds
    {
        [VectorType]
        public long[] Tokens { get; set; } = [];

        public bool Label { get; set; }
    }
}
