namespace MlNetPositional.Training.Tasks;

/// <summary>
/// One unpadded example. <see cref="Labels"/> has one entry per token for per-token tasks and a
/// single entry for sequence tasks.
/// </summary>
internal sealed record TaskExample(int[] Tokens, int[] Labels)
{
    /// <summary>A 64-bit FNV-1a hash of the tokens, used to keep held-out sequences out of training.</summary>
    public ulong TokenHash()
    {
        var hash = 14695981039346656037UL;
        foreach (var token in Tokens)
        {
            hash = (hash ^ (uint)token) * 1099511628211UL;
        }

        return (hash ^ (uint)Tokens.Length) * 1099511628211UL;
    }
}
