namespace MlNetPositional.Training.Determinism;

/// <summary>
/// The seed mixer of the whole repository: one user seed becomes independent, well-spread seeds for
/// each stream that needs randomness (a task's held-out set, training batch s, step s's dropout, the
/// corpus split and masks). Deriving every stream from (seed, stream) instead of drawing them from one
/// generator in order is what makes a run resumable from any step and bitwise reproducible.
/// </summary>
internal static class SeedStreams
{
    /// <summary>Combines <paramref name="seed"/> with a stream number into a 31-bit seed (SplitMix64's finaliser).</summary>
    public static int Mix(int seed, int stream)
    {
        var x = ((ulong)(uint)seed << 32) | (uint)stream;
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return (int)(x & 0x7fffffff);
    }
}
