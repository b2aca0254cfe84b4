using MlNetPositional.Contract;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Model;

/// <summary>
/// A pre-LayerNorm transformer block: <c>x += attn(ln1(x)); x += ff(ln2(x))</c>. Normalising before
/// each sublayer and keeping the residual path clean is what lets deep stacks train without the
/// vanishing or exploding gradients of post-LN stacks.
/// </summary>
internal sealed class EncoderBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LayerNorm _attentionNorm;
    private readonly MultiHeadSelfAttention _attention;
    private readonly LayerNorm _feedForwardNorm;
    private readonly FeedForward _feedForward;

    /// <summary>Creates a block of the given width, heads, feed-forward width and dropout.</summary>
    public EncoderBlock(int dim, int heads, int feedForwardDim, double dropout, PositionalKind positional = PositionalKind.Learned, bool alibiSymmetric = false) : base(nameof(EncoderBlock))
    {
        _attentionNorm = nn.LayerNorm(dim);
        _attention = new MultiHeadSelfAttention(dim, heads, dropout, positional, alibiSymmetric);
        _feedForwardNorm = nn.LayerNorm(dim);
        _feedForward = new FeedForward(dim, feedForwardDim, dropout);
        register_module("attention_norm", _attentionNorm);
        register_module("attention", _attention);
        register_module("feed_forward_norm", _feedForwardNorm);
        register_module("feed_forward", _feedForward);
    }

    /// <summary>LayerNorm before attention.</summary>
    public LayerNorm AttentionNorm => _attentionNorm;

    /// <summary>The self-attention sublayer.</summary>
    public MultiHeadSelfAttention Attention => _attention;

    /// <summary>LayerNorm before the feed-forward network.</summary>
    public LayerNorm FeedForwardNorm => _feedForwardNorm;

    /// <summary>The feed-forward sublayer.</summary>
    public FeedForward FeedForward => _feedForward;

    /// <summary>x (B, T, C) with <paramref name="keyIsPad"/> (B, T) -> (B, T, C).</summary>
    public override Tensor forward(Tensor x, Tensor keyIsPad) => Forward(x, keyIsPad, null);

    /// <summary>As <see cref="forward"/>, with given positions (B, T) for relative kinds.</summary>
    public Tensor Forward(Tensor x, Tensor keyIsPad, Tensor? positions)
    {
        using var scope = NewDisposeScope();
        x = x + _attention.Forward(_attentionNorm.forward(x), keyIsPad, positions);
        x = x + _feedForward.forward(_feedForwardNorm.forward(x));
        return x.MoveToOuterDisposeScope();
    }
}
