using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlNetPositional.Contract;

/// <summary>
/// Where an adopted pretrained model came from and how its graph was wrapped into this contract
/// (metadata key <see cref="ModelContract.Keys.Adoption"/>): the source file and its SHA-256, what
/// produced it, and what the wrapped graph's <see cref="ModelContract.Pooled"/> output is.
/// </summary>
/// <param name="Source">The source file's name.</param>
/// <param name="SourceSha256">The source file's SHA-256, lower-case hex.</param>
/// <param name="SourceProducer">The source's producer (e.g. <c>pytorch 1.10</c>).</param>
/// <param name="SourceOpset">The source's default-domain opset.</param>
/// <param name="HiddenOutput">The source output that became <see cref="ModelContract.Embeddings"/> (e.g. <c>last_hidden_state</c>).</param>
/// <param name="Pooling"><c>mean</c> (over the attention mask) or <c>cls</c> (the first real token): what <see cref="ModelContract.Pooled"/> holds.</param>
/// <param name="Normalize">True when <see cref="ModelContract.Pooled"/> is L2-normalised.</param>
public sealed record AdoptionRecord(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("source_sha256")] string SourceSha256,
    [property: JsonPropertyName("source_producer")] string SourceProducer,
    [property: JsonPropertyName("source_opset")] long SourceOpset,
    [property: JsonPropertyName("hidden_output")] string HiddenOutput,
    [property: JsonPropertyName("pooling")] string Pooling,
    [property: JsonPropertyName("normalize")] bool Normalize)
{
    /// <summary>The record as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads the record.</summary>
    /// <exception cref="FormatException">Not an adoption record.</exception>
    public static AdoptionRecord FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<AdoptionRecord>(json) is { Source: not null, Pooling: not null } record
                ? record
                : throw new FormatException("The adoption record is empty.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"The adoption record is not valid JSON: {e.Message}", e);
        }
    }
}
