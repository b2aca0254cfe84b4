using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MlNetPositional.Onnx.Contract;

namespace MlNetPositional.Benchmarks;

/// <summary>
/// Scoring throughput on the reference workload (embedding-only model, vocabulary 1000, dim 256, max
/// length 64, rows of 64 tokens), side by side in one run: raw batched ONNX Runtime (the baseline),
/// ApplyPositionalEmbedding through an IDataView, and stock ApplyOnnxModel on the same model. Each
/// operation is one row, so the reported time is per sequence.
/// </summary>
[Config(typeof(InProcessConfig))]
[MemoryDiagnoser]
public class ScoringThroughput
{
    public const int Rows = 2048;
    /// <summary>Rows per ONNX Runtime call, for the raw baseline and the transform alike.</summary>
    [Params(64)]
    public int BatchSize { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    private MLContext _ml = null!;
    private IDataView _tokenIds = null!;
    private IDataView _stockInput = null!;
    private ITransformer _positional = null!;
    private ITransformer _stock = null!;
    private ITransformer _stockBoth = null!;
    private InferenceSession _session = null!;
    private long[][] _rows = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _rows = [.. Enumerable.Range(0, Rows).Select(_ => Enumerable.Range(0, ReferenceModel.MaxLength).Select(_ => (long)random.Next(2, ReferenceModel.VocabSize)).ToArray())];
        _ml = new MLContext(seed: 1);
        _tokenIds = _ml.Data.LoadFromEnumerable(_rows.Select(r => new IdsRow { Tokens = r }));
        _stockInput = _ml.Data.LoadFromEnumerable(_rows.Select(r => new StockRow { InputIds = r, AttentionMask = [.. r.Select(_ => 1L)] }));
        _positional = _ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions
        {
            OutputColumnName = "Features", InputColumnName = "Tokens", ModelPath = ReferenceModel.Path, BatchSize = BatchSize, IntraOpThreads = Threads,
        }).Fit(_tokenIds);
        _stock = _ml.Transforms.ApplyOnnxModel([ModelContract.Pooled], [ModelContract.InputIds, ModelContract.AttentionMask], ReferenceModel.Path, gpuDeviceId: null, fallbackToCpu: false).Fit(_stockInput);
        _stockBoth = _ml.Transforms.ApplyOnnxModel([ModelContract.Pooled, ModelContract.Embeddings], [ModelContract.InputIds, ModelContract.AttentionMask], ReferenceModel.Path, gpuDeviceId: null, fallbackToCpu: false).Fit(_stockInput);
        using var options = new SessionOptions { IntraOpNumThreads = Threads };
        _session = new InferenceSession(ReferenceModel.Path, options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session.Dispose();
        (_positional as IDisposable)?.Dispose();
        (_stock as IDisposable)?.Dispose();
        (_stockBoth as IDisposable)?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows, Description = "raw ONNX Runtime, batched")]
    public float RawOnnxRuntime()
    {
        var sum = 0f;
        using var options = new RunOptions();
        var ids = new long[BatchSize * ReferenceModel.MaxLength];
        var mask = new long[ids.Length];
        Array.Fill(mask, 1);
        for (var start = 0; start < Rows; start += BatchSize)
        {
            for (var r = 0; r < BatchSize; r++)
            {
                _rows[start + r].CopyTo(ids, r * ReferenceModel.MaxLength);
            }

            using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [BatchSize, ReferenceModel.MaxLength]);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [BatchSize, ReferenceModel.MaxLength]);
            using var outputs = _session.Run(options, [ModelContract.InputIds, ModelContract.AttentionMask], [idsValue, maskValue], [ModelContract.Pooled]);
            sum += outputs[0].GetTensorDataAsSpan<float>()[0];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows, Description = "ApplyPositionalEmbedding (IDataView)")]
    public float ApplyPositionalEmbedding() => SumFirst(_positional.Transform(_tokenIds), "Features");

    [Benchmark(OperationsPerInvoke = Rows, Description = "stock ApplyOnnxModel (IDataView)")]
    public float StockApplyOnnxModel() => SumFirst(_stock.Transform(_stockInput), ModelContract.Pooled);

    /// <summary>Stock ApplyOnnxModel asked for both outputs, as it is when applied with every output of the model.</summary>
    [Benchmark(OperationsPerInvoke = Rows, Description = "stock ApplyOnnxModel, both outputs")]
    public float StockApplyOnnxModelBothOutputs() => SumFirst(_stockBoth.Transform(_stockInput), ModelContract.Pooled);

    private static float SumFirst(IDataView view, string column)
    {
        var sum = 0f;
        var features = view.Schema[column];
        using var cursor = view.GetRowCursor([features]);
        var getter = cursor.GetGetter<VBuffer<float>>(features);
        var value = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            getter(ref value);
            sum += value.GetValues()[0];
        }

        return sum;
    }

    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10));
        }
    }

    private sealed class IdsRow
    {
        [VectorType]
        public long[] Tokens { get; set; } = [];
    }

    private sealed class StockRow
    {
        [ColumnName("input_ids")]
        [VectorType]
        public long[] InputIds { get; set; } = [];

        [ColumnName("attention_mask")]
        [VectorType]
        public long[] AttentionMask { get; set; } = [];
    }
}
