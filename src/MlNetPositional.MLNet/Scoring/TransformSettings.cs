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

    /// <summary>The longest sequence asked for (null: the model's own limit; see <see cref="Inference.LengthLimit"/>).</summary>
    public int? MaxLength { get; init; }

    /// <summary>These settings, checked: the options' rules, for options and for settings read back from a saved pipeline alike.</summary>
    /// <param name="requireModelPath">False when the model does not come from <see cref="ModelPath"/> (a saved pipeline holds it, or it was trained in Fit).</param>
    /// <exception cref="ArgumentException">The first invalid setting, named.</exception>
    public TransformSettings Validated(bool requireModelPath = true)
    {
        if (string.IsNullOrWhiteSpace(OutputColumnName))
        {
            throw new ArgumentException("OutputColumnName must be set.", nameof(OutputColumnName));
        }

        if (string.IsNullOrWhiteSpace(InputColumnName))
        {
            throw new ArgumentException("InputColumnName must be set.", nameof(InputColumnName));
        }

        if (requireModelPath && string.IsNullOrWhiteSpace(ModelPath))
        {
            throw new ArgumentException("ModelPath must name an ONNX file exported by MlNetPositional.", nameof(ModelPath));
        }

        if (MaxLength is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLength), MaxLength, "MaxLength must be null (the model's limit) or at least 1.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        }

        if (IntraOpThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be 0 (automatic) or more.");
        }

        return this;
    }

    /// <summary>The pooling and length limit, as the model session takes them.</summary>
    public Inference.ScoringOptions ToScoringOptions() => new() { Pooling = Pooling, MaxLength = MaxLength };
}
