using System.Text.Json;
using MlNetPositional.Scoring;

namespace MlNetPositional.SavedPipeline;

/// <summary>
/// What a saved scoring graph records about the transform it replaces, in its metadata under
/// <see cref="Key"/>: the transform's <see cref="Settings"/> (so the batched transformer comes back
/// with the same columns, pooling, over-length rule, batch size and threads) and how the graph was
/// specialised (so the exported model can be recovered from it: the first <see cref="PrefixNodes"/>
/// and last <see cref="SuffixNodes"/> nodes, and the initializers after the first
/// <see cref="ModelInitializers"/>, were added for one-row scoring).
/// </summary>
internal sealed record SavedTransform
{
    /// <summary>The metadata key.</summary>
    public const string Key = "mlnet_positional.saved_transform";

    /// <summary>Version of this record's layout.</summary>
    public int Version { get; init; } = 1;

    public required TransformSettings Settings { get; init; }

    /// <summary>The ONNX input the graph takes (a temporary column for text and in-place use).</summary>
    public required string GraphInput { get; init; }

    public required int PrefixNodes { get; init; }

    public required int SuffixNodes { get; init; }

    public required int ModelInitializers { get; init; }

    /// <summary>True when the saved form is the OnnxTransformer alone (it reads the token column itself).</summary>
    public bool ReadsTokenColumn => GraphInput == Settings.InputColumnName;

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <exception cref="InvalidDataException">Not a record this version can read, or invalid settings; the message says what to do (the caller names the file).</exception>
    public static SavedTransform FromJson(string json)
    {
        try
        {
            var record = JsonSerializer.Deserialize<SavedTransform>(json) ?? throw new InvalidDataException("empty saved-transform record.");
            return record.Version == 1
                ? record with { Settings = record.Settings.Validated(requireModelPath: false) }
                : throw new InvalidDataException($"saved-transform record version {record.Version}; this library reads version 1. "
                    + "Update MlNetPositional to the version that saved the file, or load it with mlContext.Model.Load (stock ML.NET: one row per ONNX Runtime call).");
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"the saved-transform record is not valid: {e.Message}", e);
        }
    }
}
