using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlNetPositional.Contract;

/// <summary>
/// How a model's training text was tokenised, as data (metadata key
/// <see cref="ModelContract.Keys.TokenizerRecord"/>), so consumers can act on it without reading the
/// free-text description (<see cref="ModelContract.Keys.Tokenizer"/>).
/// </summary>
/// <param name="Name">The tokenizer setting, e.g. <c>mlnet-words</c> or <c>tiktoken:r50k_base</c>.</param>
/// <param name="LowerCase">True when the text was lower-cased before tokenising, so upper-case tokens never occur in training.</param>
/// <param name="StripAccents">For <c>wordpiece</c>: whether accents are stripped (Unicode NFD, non-spacing marks dropped); null follows <paramref name="LowerCase"/>, as Hugging Face's BertTokenizer does. Omitted from JSON when null.</param>
public sealed record TokenizerRecord(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("lower_case")] bool LowerCase,
    [property: JsonPropertyName("strip_accents"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? StripAccents = null)
{
    /// <summary>Whether accents are stripped: <see cref="StripAccents"/>, else <see cref="LowerCase"/>.</summary>
    [JsonIgnore]
    public bool EffectiveStripAccents => StripAccents ?? LowerCase;

    /// <summary>The record as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads the record.</summary>
    /// <exception cref="FormatException">Not a tokenizer record.</exception>
    public static TokenizerRecord FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<TokenizerRecord>(json) is { Name: not null } record
                ? record
                : throw new FormatException("The tokenizer record is empty.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"The tokenizer record is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>
    /// The record of a file written before records existed, from its description: those files wrote
    /// ML.NET word tokens as <c>mlnet:NormalizeText(case=lower,...)+TokenizeIntoWords(...)</c> and
    /// Tiktoken as <c>microsoft.ml.tokenizers:tiktoken:NAME</c>.
    /// </summary>
    public static TokenizerRecord? FromLegacyDescription(string? description) => description switch
    {
        null => null,
        _ when description.StartsWith("mlnet:", StringComparison.Ordinal) => new TokenizerRecord("mlnet-words", description.Contains("case=lower", StringComparison.Ordinal)),
        _ when description.StartsWith("microsoft.ml.tokenizers:", StringComparison.Ordinal) => new TokenizerRecord(description["microsoft.ml.tokenizers:".Length..], false),
        _ => null,
    };
}
