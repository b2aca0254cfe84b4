using MlNetPositional.Contract;

namespace MlNetPositional.Training.Tasks;

/// <summary>Sequence reversal: the label of position i is the input token at L-1-i.</summary>
internal sealed class ReverseTask(Vocabulary vocabulary, int maxLength, int minLength = 1) : PositionalTask(vocabulary, maxLength, minLength)
{
    private readonly int _vocabularySize = vocabulary.Count;

    /// <inheritdoc />
    public override TaskKind Kind => TaskKind.Reverse;

    /// <inheritdoc />
    public override bool IsPerToken => true;

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

        var labels = new int[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            labels[i] = tokens[tokens.Length - 1 - i];
        }

        return new TaskExample(tokens, labels);
    }
}
