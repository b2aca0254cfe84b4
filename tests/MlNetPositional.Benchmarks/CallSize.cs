using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.ML.OnnxRuntime;
using MlNetPositional.Contract;

namespace MlNetPositional.Benchmarks;

/// <summary>
/// How big should one ONNX Runtime call be? Raw ONNX Runtime on rows sorted by length, cut into calls
/// of at most <see cref="TokensPerCall"/> tokens, with one intra-op thread, run by one or two threads
/// at once (<see cref="Workers"/>). Time per sequence.
/// </summary>
[Config(typeof(ShortInProcess))]
public class CallSize
{
    private const int Rows = 1024;

    private InferenceSession _session = null!;
    private long[][] _sorted = null!;

    [Params("embedding-only", "encoder")]
    public string Workload { get; set; } = "encoder";

    [Params(128, 512, 1024, 2048, 8192)]
    public int TokensPerCall { get; set; }

    [Params(1, 2)]
    public int Workers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var workload = ReferenceModel.Named(Workload);
        _sorted = [.. workload.Rows(Rows, seed: 1).OrderBy(r => r.Length)];
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        _session = new InferenceSession(workload.Path, options);
    }

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    [Benchmark(OperationsPerInvoke = Rows)]
    public float Score()
    {
        var calls = new List<(int Start, int Count)>();
        for (var start = 0; start < Rows;)
        {
            var count = 1;
            while (start + count < Rows && (count + 1) * _sorted[start + count].Length <= TokensPerCall)
            {
                count++;
            }

            calls.Add((start, count));
            start += count;
        }

        var sums = new float[calls.Count];
        Parallel.For(0, calls.Count, new ParallelOptions { MaxDegreeOfParallelism = Workers }, c => sums[c] = Run(calls[c].Start, calls[c].Count));
        return sums.Sum();
    }

    private float Run(int start, int count)
    {
        var length = _sorted[start + count - 1].Length;
        var ids = new long[count * length];
        var mask = new long[ids.Length];
        for (var r = 0; r < count; r++)
        {
            _sorted[start + r].CopyTo(ids, r * length);
            mask.AsSpan(r * length, _sorted[start + r].Length).Fill(1);
        }

        using var options = new RunOptions();
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [count, length]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [count, length]);
        using var outputs = _session.Run(options, [ModelContract.InputIds, ModelContract.AttentionMask], [idsValue, maskValue], [ModelContract.Pooled]);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }

    private sealed class ShortInProcess : ManualConfig
    {
        public ShortInProcess() =>
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(5));
    }
}
