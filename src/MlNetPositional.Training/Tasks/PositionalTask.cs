using MlNetPositional.Contract;

namespace MlNetPositional.Training.Tasks;

/// <summary>
/// A seeded generator of examples for one position-dependent task. Token ids are drawn from the
/// vocabulary's ordinary tokens (never [PAD] or [UNK]); lengths vary, so batches are right-padded.
/// </summary>
internal abstract class PositionalTask
{
    /// <summary>Creates a task over <paramref name="vocabulary"/> with sequences of at most <paramref name="maxLength"/> tokens.</summary>
    protected PositionalTask(Vocabulary vocabulary, int maxLength, int minLength)
    {
        ContentTokens = Enumerable.Range(0, vocabulary.Count)
            .Where(id => id != vocabulary.PadId && id != vocabulary.UnknownId)
            .ToArray();
        MaxLength = maxLength;
        MinLength = minLength;
        if (minLength < 1 || minLength > maxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(minLength), minLength,
                $"Sequence lengths must satisfy 1 <= min length ({minLength}) <= max length ({maxLength}).");
        }
    }

    /// <summary>Which task this is.</summary>
    public abstract TaskKind Kind { get; }

    /// <summary>True when every token has a label; false when the sequence has one.</summary>
    public abstract bool IsPerToken { get; }

    /// <summary>Number of classes a label can take.</summary>
    public abstract int Classes { get; }

    /// <summary>Ordinary token ids, the ones examples are made of.</summary>
    protected int[] ContentTokens { get; }

    /// <summary>Longest sequence generated.</summary>
    public int MaxLength { get; }

    /// <summary>Shortest sequence generated.</summary>
    public int MinLength { get; }

    /// <summary>Draws one example; the same <paramref name="random"/> state gives the same example.</summary>
    public abstract TaskExample Sample(Random random);

    /// <summary>A uniformly drawn length in [MinLength, MaxLength].</summary>
    protected int SampleLength(Random random) => random.Next(MinLength, MaxLength + 1);

    /// <summary>A uniformly drawn ordinary token.</summary>
    protected int SampleToken(Random random) => ContentTokens[random.Next(ContentTokens.Length)];

    /// <summary>Creates the task of the given kind.</summary>
    /// <param name="kind">The task.</param>
    /// <param name="vocabulary">Tokens to draw from.</param>
    /// <param name="maxLength">Longest sequence.</param>
    /// <param name="minLength">Shortest sequence; null for the task's own minimum.</param>
    /// <param name="tokenAtPosition">k of the token-at task.</param>
    /// <param name="offset">k of the match-back task.</param>
    public static PositionalTask Create(TaskKind kind, Vocabulary vocabulary, int maxLength, int? minLength = null, int tokenAtPosition = TokenAtTask.DefaultPosition, int offset = MatchBackTask.DefaultOffset) => kind switch
    {
        TaskKind.Reverse => new ReverseTask(vocabulary, maxLength, minLength ?? 1),
        TaskKind.TokenAt => new TokenAtTask(vocabulary, maxLength, tokenAtPosition, minLength),
        TaskKind.Order => new OrderTask(vocabulary, maxLength, minLength ?? 2),
        TaskKind.MatchBack => new MatchBackTask(vocabulary, maxLength, offset, minLength ?? 1),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown task."),
    };
}
