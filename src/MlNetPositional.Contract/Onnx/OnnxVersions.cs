namespace MlNetPositional.Contract.Onnx;

/// <summary>The opsets the exporter writes and the IR version each needs.</summary>
public static class OnnxVersions
{
    /// <summary>The default opset: has LayerNormalization, loads in any recent ONNX Runtime.</summary>
    public const int DefaultOpset = 17;

    /// <summary>Lowest opset written.</summary>
    public const int MinOpset = 17;

    /// <summary>Highest opset written.</summary>
    public const int MaxOpset = 21;

    /// <summary>
    /// The one check of an opset the exporter is asked for: null when it is supported, otherwise a
    /// sentence naming <paramref name="what"/> (e.g. "--opset", "export.opset"), the value and the range.
    /// </summary>
    public static string? OpsetProblem(int opset, string what) =>
        opset is >= MinOpset and <= MaxOpset ? null : $"{what} {opset} is not supported; use {MinOpset} to {MaxOpset}.";

    /// <summary>The default-domain opset a model imports (the highest, if it imports several; 0 if none).</summary>
    public static long DefaultDomainOpset(Schema.ModelProto model) =>
        model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();

    /// <summary>The minimum IR version for an opset (17-18: 8, 19-20: 9, 21: 10).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The opset is outside <see cref="MinOpset"/>..<see cref="MaxOpset"/>.</exception>
    public static long IrVersionFor(int opset) => opset switch
    {
        17 or 18 => 8,
        19 or 20 => 9,
        21 => 10,
        _ => throw new ArgumentOutOfRangeException(nameof(opset), opset, OpsetProblem(opset, "opset")),
    };
}
