using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MlNetPositional.Benchmarks;

/// <summary>
/// For benchmarks whose one call is a whole job (a Fit, a training run, a file embedded): one call per
/// iteration, one warm-up, five measured iterations, in this process.
/// </summary>
public sealed class OncePerIterationConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public OncePerIterationConfig()
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(1).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1));
    }
}
