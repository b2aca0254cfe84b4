using MlNetPositional.Contract;

namespace MlNetPositional.Training.Tasks;

/// <summary>The label is the token found at position <c>k</c> (0-based); sequences have more than k tokens.</summary>
internal sealed class TokenAtTask : PositionalTask
{
    /// <summary>The position asked about when none is given.</summary>
    public const int DefaultPosition = 2;

    private readonly int _vocabularySize;

    /// <summary>Creates the task for position <paramref name="position"/>.</summary>
    public TokenAtTask(Vocabulary vocabulary, int maxLength, int position = DefaultPosition, int? minLength = null)
        : base(vocabulary, maxLength, Math.Max(position + 1, minLength ?? 1))
    {
        _vocabularySize = vocabulary.Count;
        Position = position;
    }

    /// <summary>The position whose token is the label.</summary>
    public int Position { get; }

    /// <inheritdoc />
    public override TaskKind Kind => TaskKind.TokenAt;

    /// <inheritdoc />
    public override bool IsPerToken => false;

    /// <inheritdoc />
    public override int Classes => _vocabularySize;

    /// <inheritdoc />
    public override TaskExample Sample(Random random)
    {
        var tokens = new int[SampleLength(random)];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = SampleToken(random);
        }

        return new TaskExample(tokens, [tokens[Position]]);
    }
}
