using MlNetPositional.Contract;

namespace MlNetPositional.Training.Tasks;

/// <summary>
/// Per token: is it the same token as the one <see cref="Offset"/> positions earlier (false where
/// there is none)? Depends on relative offsets only, so what is learned at short lengths applies at
/// any length if the positional encoding allows. Copies are planted so that about half of the
/// positions that have a k-back neighbour match; the rest are drawn to differ.
/// </summary>
internal sealed class MatchBackTask : PositionalTask
{
    /// <summary>The default offset k.</summary>
    public const int DefaultOffset = 3;

    /// <summary>Creates the task.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> below 1, or fewer than two ordinary tokens.</exception>
    public MatchBackTask(Vocabulary vocabulary, int maxLength, int offset = DefaultOffset, int minLength = 1)
        : base(vocabulary, maxLength, minLength)
    {
        Offset = offset >= 1 ? offset : throw new ArgumentOutOfRangeException(nameof(offset), offset, "The offset must be at least 1.");
        if (ContentTokens.Length < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(vocabulary), vocabulary.Count, "match-back needs at least two ordinary tokens to tell a match from a mismatch.");
        }
    }

    /// <summary>How far back each token looks.</summary>
    public int Offset { get; }

    /// <inheritdoc />
    public override TaskKind Kind => TaskKind.MatchBack;

    /// <inheritdoc />
    public override bool IsPerToken => true;

    /// <inheritdoc />
    public override int Classes => 2;

    /// <inheritdoc />
    public override TaskExample Sample(Random random)
    {
        var tokens = new int[SampleLength(random)];
        var labels = new int[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            if (i < Offset)
            {
                tokens[i] = SampleToken(random);
                continue;
            }

            var back = tokens[i - Offset];
            var match = random.NextDouble() < 0.5;
            int token;
            do
            {
                token = match ? back : SampleToken(random);
            }
            while (!match && token == back);

            (tokens[i], labels[i]) = (token, match ? 1 : 0);
        }

        return new TaskExample(tokens, labels);
    }
}
