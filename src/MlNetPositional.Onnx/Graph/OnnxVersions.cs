namespace MlNetPositional.Onnx.Graph;

/// <summary>The opsets the exporter writes and the IR version each needs.</summary>
public static class OnnxVersions
{
    /// <summary>The default opset: has LayerNormalization, loads in any recent ONNX Runtime.</summary>
    public const int DefaultOpset = 17;

    /// <summary>Lowest opset written.</summary>
    public const int MinOpset = 17;

    /// <summary>Highest opset written.</summary>
    public const int MaxOpset = 21;

    /// <summary>The minimum IR version for an opset (17-18: 8, 19-20: 9, 21: 10).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The opset is outside <see cref="MinOpset"/>..<see cref="MaxOpset"/>.</exception>
    public static long IrVersionFor(int opset) => opset switch
    {
        17 or 18 => 8,
        19 or 20 => 9,
        21 => 10,
        _ => throw new ArgumentOutOfRangeException(nameof(opset), opset, $"The exporter writes opsets {MinOpset} to {MaxOpset}."),
    };
}
