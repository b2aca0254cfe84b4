using System.Text.Json;
using System.Text.Json.Serialization;
using MlNetPositional.Scoring;

namespace MlNetPositional.Stock;

/// <summary>
/// What a saved scoring graph records about the transform it replaces, in its metadata under
/// <see cref="Key"/>: the transform's settings (so the batched transformer comes back with the same
/// pooling, over-length rule, batch size and threads) and how the graph was specialised (so the
/// exported model can be recovered from it: the first <see cref="PrefixNodes"/> and last
/// <see cref="SuffixNodes"/> nodes, and the initializers after the first <see cref="ModelInitializers"/>,
/// were added for one-row scoring).
/// </summary>
internal sealed record SavedTransform
{
    /// <summary>The metadata key.</summary>
    public const string Key = "mlnet_positional.saved_transform";

    /// <summary>Version of this record's layout.</summary>
    public int Version { get; init; } = 1;

    public required string OutputColumnName { get; init; }

    public required string InputColumnName { get; init; }

    public required string ModelPath { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<PositionalPooling>))]
    public required PositionalPooling Pooling { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<PositionalOverLength>))]
    public required PositionalOverLength OverLength { get; init; }

    public required int BatchSize { get; init; }

    public required int IntraOpThreads { get; init; }

    /// <summary>The ONNX input the graph takes (a temporary column for text and in-place use).</summary>
    public required string GraphInput { get; init; }

    public required int PrefixNodes { get; init; }

    public required int SuffixNodes { get; init; }

    public required int ModelInitializers { get; init; }

    public static SavedTransform Describe(TransformSettings settings, string graphInput, int prefixNodes, int suffixNodes, int modelInitializers) => new()
    {
        OutputColumnName = settings.OutputColumnName,
        InputColumnName = settings.InputColumnName,
        ModelPath = settings.ModelPath,
        Pooling = settings.Pooling,
        OverLength = settings.OverLength,
        BatchSize = settings.BatchSize,
        IntraOpThreads = settings.IntraOpThreads,
        GraphInput = graphInput,
        PrefixNodes = prefixNodes,
        SuffixNodes = suffixNodes,
        ModelInitializers = modelInitializers,
    };

    /// <summary>The settings to restore the batched transformer with.</summary>
    public TransformSettings ToSettings() => TransformSettings.From(new PositionalEmbeddingOptions
    {
        OutputColumnName = OutputColumnName,
        InputColumnName = InputColumnName,
        ModelPath = ModelPath,
        Pooling = Pooling,
        OverLength = OverLength,
        BatchSize = BatchSize,
        IntraOpThreads = IntraOpThreads,
    });

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <exception cref="InvalidDataException">Not a record this version can read.</exception>
    public static SavedTransform FromJson(string json, string source)
    {
        try
        {
            var record = JsonSerializer.Deserialize<SavedTransform>(json) ?? throw new InvalidDataException($"{source}: empty saved-transform record.");
            return record.Version == 1 ? record : throw new InvalidDataException($"{source}: saved-transform record version {record.Version}; this library reads version 1.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: the saved-transform record is not valid: {e.Message}", e);
        }
    }
}
