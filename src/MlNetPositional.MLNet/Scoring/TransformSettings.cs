using System.Text.Json.Serialization;

namespace MlNetPositional.Scoring;

/// <summary>
/// The settings a transform was created with, frozen: the estimator copies its options into one at
/// construction, so changing an options object afterwards cannot bypass validation or change a fitted
/// transformer. Also what a saved pipeline records (as JSON), to restore the batched transformer.
/// </summary>
internal sealed record TransformSettings
{
    public required string OutputColumnName { get; init; }

    public required string InputColumnName { get; init; }

    public required string ModelPath { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<PositionalPooling>))]
    public required PositionalPooling Pooling { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<PositionalOverLength>))]
    public required PositionalOverLength OverLength { get; init; }

    public required int BatchSize { get; init; }

    public required int IntraOpThreads { get; init; }

    /// <summary>The longest sequence asked for (null: the model's own limit; see <see cref="LengthLimit"/>).</summary>
    public int? MaxLength { get; init; }

    /// <summary>Validates and copies <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">An invalid setting, named.</exception>
    /// <param name="options">The options to copy.</param>
    /// <param name="requireModelPath">False when the model does not come from <see cref="PositionalEmbeddingOptions.ModelPath"/> (a model trained in Fit may have none).</param>
    public static TransformSettings From(PositionalEmbeddingOptions options, bool requireModelPath = true)
    {
        options.Validate(requireModelPath);
        return new TransformSettings
        {
            OutputColumnName = options.OutputColumnName,
            InputColumnName = options.InputColumnName,
            ModelPath = options.ModelPath,
            Pooling = options.Pooling,
            OverLength = options.OverLength,
            BatchSize = options.BatchSize,
            IntraOpThreads = options.IntraOpThreads,
            MaxLength = options.MaxLength,
        };
    }

    /// <summary>These settings after the checks <see cref="From"/> makes (for settings read back from a saved pipeline, whose model is in the file).</summary>
    /// <exception cref="ArgumentException">An invalid setting, named.</exception>
    public TransformSettings Validated() => From(new PositionalEmbeddingOptions
    {
        OutputColumnName = OutputColumnName,
        InputColumnName = InputColumnName,
        ModelPath = ModelPath,
        Pooling = Pooling,
        OverLength = OverLength,
        BatchSize = BatchSize,
        IntraOpThreads = IntraOpThreads,
        MaxLength = MaxLength,
    }, requireModelPath: false);
}
