using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Transforms.Onnx;
using MlNetPositional.Contract;

namespace MlNetPositional.Benchmarks;

/// <summary>
/// Scoring throughput side by side in one run, on every core of the machine: raw batched ONNX
/// Runtime (the baseline: <see cref="BatchSize"/> rows per call padded to the longest, all cores as
/// intra-op threads), raw ONNX Runtime scheduled as the transform schedules it (calls by length, one
/// thread each, one call per core at once), ApplyPositionalEmbedding through an IDataView with its
/// defaults, and stock ApplyOnnxModel on the same model (one row per call; ML.NET runs its rows on
/// every core through parallel cursors) with its defaults and with one intra-op thread. Two
/// workloads: the reference one (embedding-only model, vocabulary 1000, dim 256, max length 64, rows
/// of 64 tokens) and an encoder (2 layers, dim 64, 4 heads, max length 128, rows of 16..128 tokens).
/// Each operation is one row, so the reported time is per sequence.
/// </summary>
[Config(typeof(InProcessConfig))]
[MemoryDiagnoser]
public class ScoringThroughput
{
    public const int Rows = 2048;
    /// <summary>Rows per ONNX Runtime call, for the raw baseline and the transform alike.</summary>
    [Params(64)]
    public int BatchSize { get; set; }

    private static readonly int Cores = Environment.ProcessorCount;

    [Params("embedding-only", "encoder")]
    public string Workload { get; set; } = "embedding-only";

    private MLContext _ml = null!;
    private IDataView _tokenIds = null!;
    private IDataView _stockInput = null!;
    private ITransformer? _positional;
    private ITransformer? _stock;
    private ITransformer? _stockPinned;
    private InferenceSession? _session;
    private long[][] _rows = null!;
    private string _modelPath = null!;
    private Inference.ScoringPlan _plan = null!;

    // One setup per benchmark, so that no other ONNX Runtime session (and its thread pool) is alive
    // while a benchmark runs: idle sessions' threads measurably slowed the others here.
    [GlobalSetup(Target = nameof(RawOnnxRuntime))]
    public void SetupRaw()
    {
        SetupRows();
        using var options = new SessionOptions { IntraOpNumThreads = Cores };
        _session = new InferenceSession(_modelPath, options);
    }

    [GlobalSetup(Target = nameof(RawOnnxRuntimeByLength))]
    public void SetupRawByLength()
    {
        SetupRows();
        _plan = Inference.ScoringPlan.For(intraOpThreads: 0, Contract.Onnx.ModelFileMetadata.Read(_modelPath).Config);
        using var options = new SessionOptions { IntraOpNumThreads = _plan.SessionThreads };
        _session = new InferenceSession(_modelPath, options);
    }

    [GlobalSetup(Target = nameof(ApplyPositionalEmbedding))]
    public void SetupPositional()
    {
        SetupRows();
        _positional = _ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions
        {
            OutputColumnName = "Features", InputColumnName = "Tokens", ModelPath = _modelPath, BatchSize = BatchSize,
        }).Fit(_tokenIds);
    }

    [GlobalSetup(Target = nameof(DataViewFloor))]
    public void SetupFloor() => SetupRows();

    [GlobalSetup(Target = nameof(StockApplyOnnxModel))]
    public void SetupStock()
    {
        SetupRows();
        _stock = _ml.Transforms.ApplyOnnxModel([ModelContract.Pooled], [ModelContract.InputIds, ModelContract.AttentionMask], _modelPath, gpuDeviceId: null, fallbackToCpu: false).Fit(_stockInput);
    }

    [GlobalSetup(Target = nameof(StockApplyOnnxModelOneThread))]
    public void SetupStockPinned()
    {
        SetupRows();
        _stockPinned = _ml.Transforms.ApplyOnnxModel(new OnnxOptions
        {
            ModelFile = _modelPath, InputColumns = [ModelContract.InputIds, ModelContract.AttentionMask], OutputColumns = [ModelContract.Pooled], IntraOpNumThreads = 1,
        }).Fit(_stockInput);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session?.Dispose();
        (_positional as IDisposable)?.Dispose();
        (_stock as IDisposable)?.Dispose();
        (_stockPinned as IDisposable)?.Dispose();
        (_session, _positional, _stock, _stockPinned) = (null, null, null, null);
    }

    private void SetupRows()
    {
        var workload = ReferenceModel.Named(Workload);
        _modelPath = workload.Path;
        _rows = workload.Rows(Rows, seed: 1);
        _ml = new MLContext(seed: 1);
        _tokenIds = _ml.Data.LoadFromEnumerable(_rows.Select(r => new IdsRow { Tokens = r }));
        _stockInput = _ml.Data.LoadFromEnumerable(_rows.Select(r => new StockRow { InputIds = r, AttentionMask = [.. r.Select(_ => 1L)] }));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows, Description = "raw ONNX Runtime, batched")]
    public float RawOnnxRuntime()
    {
        var sum = 0f;
        using var options = new RunOptions();
        for (var start = 0; start < Rows; start += BatchSize)
        {
            var length = 0;
            for (var r = 0; r < BatchSize; r++)
            {
                length = Math.Max(length, _rows[start + r].Length);
            }

            var ids = new long[BatchSize * length];
            var mask = new long[ids.Length];
            for (var r = 0; r < BatchSize; r++)
            {
                _rows[start + r].CopyTo(ids, r * length);
                mask.AsSpan(r * length, _rows[start + r].Length).Fill(1);
            }

            using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [BatchSize, length]);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [BatchSize, length]);
            using var outputs = _session!.Run(options, [ModelContract.InputIds, ModelContract.AttentionMask], [idsValue, maskValue], [ModelContract.Pooled]);
            sum += outputs[0].GetTensorDataAsSpan<float>()[0];
        }

        return sum;
    }

    /// <summary>
    /// Raw ONNX Runtime scheduled as the transform schedules it (its ScoringPlan): each batch sorted by
    /// length and cut into calls within the token budget, with the plan's threads per call and calls
    /// at once. What the transform adds over this is the IDataView around it.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Rows, Description = "raw ONNX Runtime, scheduled as the transform")]
    public float RawOnnxRuntimeByLength()
    {
        var sum = 0f;
        var order = new List<int>();
        var calls = new List<(int Start, int Count)>();
        var budget = _plan.TokensPerCall;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _plan.ConcurrentCalls };
        for (var start = 0; start < Rows; start += BatchSize)
        {
            var batch = _rows.AsSpan(start, BatchSize).ToArray();
            Inference.LengthBuckets.Split(batch, budget, order, calls);
            var sums = new float[calls.Count];
            Parallel.For(0, calls.Count, parallel, c =>
            {
                var (first, count) = calls[c];
                var length = batch[order[first + count - 1]].Length;
                var ids = new long[count * length];
                var mask = new long[ids.Length];
                for (var r = 0; r < count; r++)
                {
                    var row = batch[order[first + r]];
                    row.CopyTo(ids, r * length);
                    mask.AsSpan(r * length, row.Length).Fill(1);
                }

                using var options = new RunOptions();
                using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [count, length]);
                using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [count, length]);
                using var outputs = _session!.Run(options, [ModelContract.InputIds, ModelContract.AttentionMask], [idsValue, maskValue], [ModelContract.Pooled]);
                sums[c] = outputs[0].GetTensorDataAsSpan<float>()[0];
            });
            sum += sums.Sum();
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows, Description = "ApplyPositionalEmbedding (IDataView)")]
    public float ApplyPositionalEmbedding() => SumFirst(_positional!.Transform(_tokenIds), "Features");

    /// <summary>
    /// No model at all: reading the token column of the input IDataView and copying a vector of dim
    /// floats per row, the least any IDataView-based scorer of this input pays on top of its model.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Rows, Description = "IDataView alone: read tokens, copy a vector")]
    public float DataViewFloor()
    {
        var sum = 0f;
        var tokens = _tokenIds.Schema["Tokens"];
        var dim = ReferenceModel.Named(Workload).Dim;
        var output = new float[dim];
        var copy = default(VBuffer<float>);
        using var cursor = _tokenIds.GetRowCursor([tokens]);
        var getter = cursor.GetGetter<VBuffer<long>>(tokens);
        var value = default(VBuffer<long>);
        while (cursor.MoveNext())
        {
            getter(ref value);
            output[0] = value.GetValues()[0];
            var editor = VBufferEditor.Create(ref copy, dim);
            output.CopyTo(editor.Values);
            copy = editor.Commit();
            sum += copy.GetValues()[0];
        }

        return sum;
    }

    /// <summary>Stock ApplyOnnxModel as users write it: ONNX Runtime's default threads.</summary>
    [Benchmark(OperationsPerInvoke = Rows, Description = "stock ApplyOnnxModel (IDataView)")]
    public float StockApplyOnnxModel() => SumFirst(_stock!.Transform(_stockInput), ModelContract.Pooled);

    /// <summary>Stock ApplyOnnxModel with one intra-op thread (its cores come from ML.NET's parallel cursors).</summary>
    [Benchmark(OperationsPerInvoke = Rows, Description = "stock ApplyOnnxModel, 1 intra-op thread")]
    public float StockApplyOnnxModelOneThread() => SumFirst(_stockPinned!.Transform(_stockInput), ModelContract.Pooled);

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
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(20));
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
