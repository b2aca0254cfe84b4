using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Inference;

namespace MlNetPositional.Scoring;

/// <summary>
/// How one fitted transform scores, shared by every cursor and row it serves: the model session and
/// the frozen settings, and what follows from both, computed once at Fit (the length limit and the
/// output column's type), and, for a raw-text column, how the model splits text (made when first
/// needed). Cursors and rows get their scorer and token reader here.
/// </summary>
internal sealed class TransformScoring
{
    private readonly Lazy<TextTokens?> _text;

    /// <exception cref="ArgumentOutOfRangeException">MaxLength past the model's table, or missing where Pooling None needs it.</exception>
    public TransformScoring(PositionalEmbeddingModel model, TransformSettings settings)
    {
        (Model, Settings) = (model, settings);
        var options = settings.ToScoringOptions();
        MaxLength = model.LengthLimit(options);
        OutputType = new VectorDataViewType(NumberDataViewType.Single, 1, model.OutputSize(options));
        _text = new(() => TextTokens.For(model.Metadata, model.Path, settings.InputColumnName));
    }

    /// <summary>The model session (owned by the transformer).</summary>
    public PositionalEmbeddingModel Model { get; }

    public TransformSettings Settings { get; }

    /// <summary>The longest sequence passed to the model (<see cref="int.MaxValue"/>: no limit).</summary>
    public int MaxLength { get; }

    /// <summary>The output column's type: a Single vector of dim, or max length x dim for Pooling None.</summary>
    public VectorDataViewType OutputType { get; }

    /// <summary>Binds the token column of <paramref name="inputSchema"/> and lays out the output.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The token column is missing or of a type the transform cannot take, or is raw text and the model has no tokenizer.</exception>
    public ColumnMap Map(DataViewSchema inputSchema) =>
        new(inputSchema, TokenColumn.Bind(inputSchema, Settings.InputColumnName, Model.Metadata.Vocabulary, RawText), Settings.OutputColumnName, OutputType);

    /// <summary>How the model splits the raw-text input column.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The model has no tokenizer record.</exception>
    public TextTokens RawText() => _text.Value ?? throw TextTokens.NoTokenizer(Settings.InputColumnName, Model.Path);

    /// <summary>A scorer for one cursor or row (it reuses its buffers).</summary>
    public BatchScorer CreateScorer() => new(Model, Settings.Pooling, MaxLength);

    /// <summary>A reader of <paramref name="tokens"/> on <paramref name="row"/>, whose schema is the one the column was bound on.</summary>
    public TokenReader CreateReader(DataViewRow row, TokenColumn tokens) =>
        new(row, tokens, Model.Metadata.Vocabulary, MaxLength, Settings.OverLength, Model.Metadata.TokenizerRecord);
}
