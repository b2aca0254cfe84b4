using MlNetPositional.Contract;

namespace MlNetPositional.Training.Tasks;

/// <summary>
/// Binary order detection: tokens A and B (the first two ordinary tokens) each occur exactly once,
/// among filler tokens; the label is 1 when A comes before B. Balanced by construction.
/// </summary>
internal sealed class OrderTask : PositionalTask
{
    private readonly int[] _filler;

    /// <summary>Creates the task; needs at least three ordinary tokens (A, B and a filler).</summary>
    public OrderTask(Vocabulary vocabulary, int maxLength, int minLength = 2) : base(vocabulary, maxLength, Math.Max(2, minLength))
    {
        if (ContentTokens.Length < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(vocabulary), vocabulary.Count,
                "The order task needs at least three ordinary tokens besides [PAD] and [UNK].");
        }

        (TokenA, TokenB) = (ContentTokens[0], ContentTokens[1]);
        _filler = ContentTokens[2..];
    }

    /// <summary>The token whose position is compared.</summary>
    public int TokenA { get; }

    /// <summary>The token A is compared with.</summary>
    public int TokenB { get; }

    /// <inheritdoc />
    public override TaskKind Kind => TaskKind.Order;

    /// <inheritdoc />
    public override bool IsPerToken => false;

    /// <inheritdoc />
    public override int Classes => 2;

    /// <inheritdoc />
    public override TaskExample Sample(Random random)
    {
        var tokens = new int[SampleLength(random)];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = _filler[random.Next(_filler.Length)];
        }

        var positionA = random.Next(tokens.Length);
        var positionB = random.Next(tokens.Length - 1);
        if (positionB >= positionA)
        {
            positionB++;
        }

        tokens[positionA] = TokenA;
        tokens[positionB] = TokenB;
        return new TaskExample(tokens, [positionA < positionB ? 1 : 0]);
    }
}
