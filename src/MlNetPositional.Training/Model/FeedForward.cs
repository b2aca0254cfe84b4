using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Model;

/// <summary>The position-wise network of a block: Linear -> GELU (exact, erf form) -> Linear -> dropout.</summary>
internal sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    private readonly Linear _up;
    private readonly Linear _down;
    private readonly Dropout _dropout;

    /// <summary>Creates a network of width <paramref name="hidden"/> on a <paramref name="dim"/>-wide stream.</summary>
    public FeedForward(int dim, int hidden, double dropout) : base(nameof(FeedForward))
    {
        _up = nn.Linear(dim, hidden);
        _down = nn.Linear(hidden, dim);
        _dropout = nn.Dropout(dropout);
        register_module("up", _up);
        register_module("down", _down);
        register_module("dropout", _dropout);
    }

    /// <summary>The widening projection.</summary>
    public Linear Up => _up;

    /// <summary>The narrowing projection.</summary>
    public Linear Down => _down;

    /// <summary>(B, T, C) -> (B, T, C).</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var hidden = nn.functional.gelu(_up.forward(x));   // (B, T, F)
        return _dropout.forward(_down.forward(hidden)).MoveToOuterDisposeScope();
    }
}
