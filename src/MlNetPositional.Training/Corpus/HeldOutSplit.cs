using MlNetPositional.Training.Determinism;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Training.Corpus;

/// <summary>
/// Which rows of a corpus are held out for evaluation: a seeded hash of the row index, so the split is
/// fixed by the seed, needs no pass over the data, and streams.
/// </summary>
internal sealed class HeldOutSplit(int seed, double fraction = 0.1)
{
    /// <summary>The share of rows held out, in (0, 1).</summary>
    public double Fraction { get; } = fraction is > 0 and < 1 ? fraction : throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The held-out fraction must be in (0, 1).");

    /// <summary>True when row <paramref name="index"/> is held out.</summary>
    public bool IsHeldOut(long index) => SeedStreams.Mix(seed ^ 0x48_0D_5E_7A, unchecked((int)index ^ (int)(index >> 32))) % 1_000_000 < Fraction * 1_000_000;
}
