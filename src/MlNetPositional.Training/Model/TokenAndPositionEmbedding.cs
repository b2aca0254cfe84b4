using MlNetPositional.Contract;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Model;

/// <summary>
/// <c>x = token_emb(ids) + pos[0..seq)</c>: the model this project is about. Positions are 0..seq-1 in
/// every row (right padding). A sequence longer than the position table is rejected with a clear
/// error rather than an index failure deep inside torch. Imported BERT-style models add a segment
/// row before the positions and a LayerNorm after them, in PyTorch's order of operations.
/// </summary>
internal sealed class TokenAndPositionEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Embedding _tokens;
    private readonly Tensor? _positions;
    private readonly Parameter? _segment;
    private readonly LayerNorm? _norm;
    private readonly Dropout _dropout;
    private readonly int _maxLength;

    /// <summary>
    /// Builds the tables for <paramref name="config"/>; initialisation follows torch's global seed.
    /// Both tables start N(0, 1), torch's embedding default, so tokens and positions enter on the same
    /// scale (tried here: GPT-2's N(0, 0.02) learns variable-length reversal far more slowly).
    /// </summary>
    public TokenAndPositionEmbedding(ModelConfig config) : base(nameof(TokenAndPositionEmbedding))
    {
        _maxLength = config.Positional.HasLengthLimit() ? config.MaxLength : int.MaxValue;   // rope and alibi: no table, no limit
        _tokens = nn.Embedding(config.VocabSize, config.Dim, padding_idx: config.PadId);
        register_module("tokens", _tokens);

        _positions = config.Positional switch
        {
            PositionalKind.Learned => nn.Parameter(randn(config.MaxLength, config.Dim)),
            PositionalKind.LearnedSinusoidalInit => nn.Parameter(Sinusoids(config)),
            PositionalKind.Sinusoidal => Sinusoids(config),
            _ => null,
        };
        if (_positions is Parameter learned)
        {
            register_parameter("positions", learned);
        }
        else if (_positions is not null)
        {
            register_buffer("positions", _positions);
        }

        if (config.SegmentRow)
        {
            _segment = nn.Parameter(zeros(config.Dim));
            register_parameter("segment", _segment);
        }

        if (config.EmbeddingNorm)
        {
            _norm = nn.LayerNorm(config.Dim, eps: config.EffectiveEmbeddingNormEpsilon);
            register_module("norm", _norm);
        }

        _dropout = nn.Dropout(config.Dropout);
        register_module("dropout", _dropout);
    }

    /// <summary>The segment row [dim] added to every token, when the config has one.</summary>
    public Tensor? SegmentRow => _segment;

    /// <summary>The LayerNorm over the summed embeddings, when the config has one.</summary>
    public LayerNorm? Norm => _norm;

    /// <summary>The token table [vocab, dim].</summary>
    public Tensor TokenTable => _tokens.weight!;

    /// <summary>The position table [max_length, dim], or null for <see cref="PositionalKind.None"/>.</summary>
    public Tensor? PositionTable => _positions;

    /// <summary>Embeds ids (B, T) into (B, T, C).</summary>
    /// <exception cref="ArgumentException">T exceeds the position table's length.</exception>
    public override Tensor forward(Tensor ids) => Forward(ids, null);

    /// <summary>As <see cref="forward"/>, with each token's position given (B, T) instead of 0..T-1.</summary>
    public Tensor Forward(Tensor ids, Tensor? positionIds)
    {
        var length = ids.shape[1];
        if (length > _maxLength)
        {
            throw new ArgumentException($"Sequence length {length} exceeds the model's max length {_maxLength}.", nameof(ids));
        }

        using var scope = NewDisposeScope();
        var x = _tokens.forward(ids);                        // (B, T, C)
        if (_segment is not null)
        {
            x = x + _segment;                                 // (C) broadcast: BERT's token-type 0
        }

        if (_positions is not null)
        {
            x = positionIds is null
                ? x + _positions.narrow(0, 0, length)          // (T, C) broadcast over B
                : x + _positions.index_select(0, positionIds.reshape(-1)).view(ids.shape[0], length, -1);
        }

        if (_norm is not null)
        {
            x = _norm.forward(x);
        }

        return _dropout.forward(x).MoveToOuterDisposeScope();
    }

    private static Tensor Sinusoids(ModelConfig config) =>
        tensor(SinusoidalTable.Create(config.MaxLength, config.Dim)).reshape(config.MaxLength, config.Dim);
}
