using MlNetPositional.Contract;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Model;

/// <summary>
/// The exported model: embeddings plus an optional stack of pre-LN blocks and a final LayerNorm.
/// Its outputs are the ONNX contract's: per-token <c>embeddings</c> with pad positions zeroed and
/// <c>pooled</c>, the mean over unmasked positions.
/// </summary>
internal sealed class PositionalEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly TokenAndPositionEmbedding _embedding;
    private readonly ModuleList<EncoderBlock> _blocks;
    private readonly LayerNorm? _finalNorm;

    /// <summary>Builds the model described by a valid <paramref name="config"/>.</summary>
    /// <exception cref="InvalidModelConfigException">The config is invalid, or describes an architecture this version cannot build in TorchSharp (an adopted BERT model scores in ONNX Runtime only).</exception>
    public PositionalEncoder(ModelConfig config) : base(nameof(PositionalEncoder))
    {
        Config = config.Validate();
        if (config.Architecture != ModelArchitecture.MlNetPositional)
        {
            throw new InvalidModelConfigException("model config", [
                $"architecture '{config.Architecture.ToName()}' (an adopted pretrained model) scores with ONNX Runtime (ApplyPositionalEmbedding, embed, embed-file) but cannot be rebuilt in TorchSharp by this version: it cannot be trained, resized or exported from a checkpoint."]);
        }

        _embedding = new TokenAndPositionEmbedding(config);
        _blocks = new ModuleList<EncoderBlock>();
        for (var i = 0; i < config.Layers; i++)
        {
            _blocks.Add(new EncoderBlock(config.Dim, config.Heads, config.EffectiveFeedForwardDim, config.Dropout, config.Positional, config.AlibiSymmetric));
        }

        _finalNorm = config.Layers > 0 ? nn.LayerNorm(config.Dim) : null;
        register_module("embedding", _embedding);
        register_module("blocks", _blocks);
        if (_finalNorm is not null)
        {
            register_module("final_norm", _finalNorm);
        }
    }

    /// <summary>The architecture.</summary>
    public ModelConfig Config { get; }

    /// <summary>Token and position tables.</summary>
    public TokenAndPositionEmbedding Embedding => _embedding;

    /// <summary>The encoder blocks, possibly none.</summary>
    public IReadOnlyList<EncoderBlock> Blocks => [.. _blocks];

    /// <summary>The LayerNorm after the last block; null when there are no blocks.</summary>
    public LayerNorm? FinalNorm => _finalNorm;

    /// <summary>ids (B, T) int64 and mask (B, T) (1 = token, 0 = pad) -> hidden states (B, T, C), pads zeroed.</summary>
    public override Tensor forward(Tensor ids, Tensor mask) => Forward(ids, mask, null);

    /// <summary>
    /// As <see cref="forward"/>, with each token's position given (B, T) instead of 0..T-1 — for
    /// measuring how much a model leans on positions (shuffled at test time).
    /// </summary>
    public Tensor Forward(Tensor ids, Tensor mask, Tensor? positions)
    {
        using var scope = NewDisposeScope();
        var keep = mask.unsqueeze(-1).to_type(ScalarType.Float32);   // (B, T, 1)
        var keyIsPad = mask.eq(0);                                   // (B, T)
        var x = _embedding.Forward(ids, positions);                  // (B, T, C)
        foreach (var block in _blocks)
        {
            x = block.Forward(x, keyIsPad, positions);
        }

        if (_finalNorm is not null)
        {
            x = _finalNorm.forward(x);
        }

        return (x * keep).MoveToOuterDisposeScope();
    }

    /// <summary>Mean over unmasked positions: hidden (B, T, C), mask (B, T) -> (B, C). An empty row pools to zeros.</summary>
    public static Tensor Pool(Tensor hidden, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var keep = mask.unsqueeze(-1).to_type(ScalarType.Float32);  // (B, T, 1)
        var counts = keep.sum(1).clamp_min(1f);                     // (B, 1)
        return ((hidden * keep).sum(1) / counts).MoveToOuterDisposeScope();
    }
}
