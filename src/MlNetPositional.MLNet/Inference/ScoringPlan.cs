using MlNetPositional.Contract;

namespace MlNetPositional.Inference;

/// <summary>
/// How the transform spends the machine's cores on a model, chosen from measurements on the
/// benchmark workloads (ScoringThroughput, CallSize; README "Scoring speed"):
/// <list type="bullet">
/// <item>An encoder (layers &gt; 0): calls of about <see cref="EncoderTokensPerCall"/> tokens, one
/// intra-op thread each, one call per core at once. Its ops are too short to share between threads,
/// and bigger calls leave the cache (2 layers, dim 64, rows of 16..128 tokens: 146 us per row against
/// 253 for one padded call of 64 rows on both threads).</item>
/// <item>An embedding-only model: one call per batch (up to <see cref="EmbeddingOnlyTokensPerCall"/>
/// tokens) with every core as intra-op threads. Its calls are so cheap that waking a second .NET
/// thread per call costs more than it gains (5.5 against 4.6 us per 64-token row, in two runs).</item>
/// </list>
/// Asking for k &gt; 0 intra-op threads (at load: <see cref="PositionalEmbeddingModel.Load(string, int)"/>)
/// overrides the threads per call; the calls at once are then the cores divided by k. Fixed for a
/// model when it is loaded, as its ONNX Runtime session's threads are.
/// </summary>
internal sealed record ScoringPlan(int SessionThreads, int ConcurrentCalls, int TokensPerCall)
{
    public const int EncoderTokensPerCall = 512;

    public const int EmbeddingOnlyTokensPerCall = 4096;

    /// <param name="intraOpThreads">The threads per call asked for; 0: chosen for the model.</param>
    /// <param name="config">The model's config.</param>
    public static ScoringPlan For(int intraOpThreads, ModelConfig config)
    {
        var cores = Environment.ProcessorCount;
        var tokens = config.Layers == 0 ? EmbeddingOnlyTokensPerCall : EncoderTokensPerCall;
        var threads = intraOpThreads > 0 ? intraOpThreads : config.Layers == 0 ? cores : 1;
        return new ScoringPlan(threads, Math.Max(1, cores / threads), tokens);
    }
}
