using MlNetPositional.Contract;
using MlNetPositional.Training.Data;
using MlNetPositional.Training.Tasks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Model;

/// <summary>
/// The encoder with a task head: per-token logits (B, T, classes) for per-token tasks, or logits
/// (B, classes) from the pooled representation for sequence tasks. Only the encoder is exported.
/// </summary>
internal sealed class PositionalTaskModel : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>The encoder's name in the state dict: its weights are <c>encoder.</c> followed by the contract's names (<c>encoder.embedding.positions</c>, ...).</summary>
    internal const string EncoderName = "encoder";

    private readonly PositionalEncoder _encoder;
    private readonly Linear _head;

    /// <summary>Builds the encoder for <paramref name="config"/> and a head with <paramref name="classes"/> outputs.</summary>
    public PositionalTaskModel(ModelConfig config, int classes, bool perToken) : base(nameof(PositionalTaskModel))
    {
        _encoder = new PositionalEncoder(config);
        _head = nn.Linear(config.Dim, classes);
        IsPerToken = perToken;
        register_module(EncoderName, _encoder);
        register_module("head", _head);
    }

    /// <summary>Builds the model a task needs.</summary>
    public static PositionalTaskModel For(ModelConfig config, PositionalTask task) => new(config, task.Classes, task.IsPerToken);

    /// <summary>Builds the model that training data needs.</summary>
    public static PositionalTaskModel For(ModelConfig config, ITrainingData data) => new(config, data.Classes, data.IsPerToken);

    /// <summary>The part that is exported.</summary>
    public PositionalEncoder Encoder => _encoder;

    /// <summary>True when the head labels every token.</summary>
    public bool IsPerToken { get; }

    /// <summary>ids (B, T), mask (B, T) -> logits (B, T, K) per token or (B, K) per sequence.</summary>
    public override Tensor forward(Tensor ids, Tensor mask) => Forward(ids, mask, null);

    /// <summary>As <see cref="forward"/>, with each token's position given (B, T) instead of 0..T-1.</summary>
    public Tensor Forward(Tensor ids, Tensor mask, Tensor? positions)
    {
        using var scope = NewDisposeScope();
        var hidden = _encoder.Forward(ids, mask, positions);                 // (B, T, C)
        var features = IsPerToken ? hidden : PositionalEncoder.Pool(hidden, mask); // (B, T, C) or (B, C)
        return _head.forward(features).MoveToOuterDisposeScope();
    }
}
