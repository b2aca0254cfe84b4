using System.Globalization;

namespace MlNetPositional.Contract;

/// <summary>
/// What a model file says about itself: enough for the ML.NET side to use it with no other file
/// (dims, max length, vocabulary, pad id, positional kind), and where it came from.
/// </summary>
public sealed record ModelMetadata
{
    /// <summary>The architecture.</summary>
    public required ModelConfig Config { get; init; }

    /// <summary>The vocabulary the token ids index.</summary>
    public required Vocabulary Vocabulary { get; init; }

    /// <summary>The contract version the file follows.</summary>
    public string ContractVersion { get; init; } = ModelContract.Version;

    /// <summary>Producing library.</summary>
    public string Producer { get; init; } = ModelContract.ProducerName;

    /// <summary>Producing library's version.</summary>
    public required string ProducerVersion { get; init; }

    /// <summary>Training seed, when known.</summary>
    public int? TrainingSeed { get; init; }

    /// <summary>Final evaluation metrics as JSON, when known.</summary>
    public string? MetricsJson { get; init; }

    /// <summary>How text was tokenised for training (e.g. ML.NET NormalizeText + TokenizeIntoWords), in words, when known.</summary>
    public string? Tokenizer { get; init; }

    /// <summary>The same as data, when known (for files written before records, derived from <see cref="Tokenizer"/>).</summary>
    public TokenizerRecord? TokenizerRecord { get; init; }

    /// <summary>For an adopted pretrained model, where it came from and what its pooled output is; null for models this library trained or imported.</summary>
    public AdoptionRecord? Adoption { get; init; }

    /// <summary>The metadata_props entries, in a stable order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToProperties()
    {
        var properties = new List<KeyValuePair<string, string>>
        {
            new(ModelContract.Keys.ContractVersion, ContractVersion),
            new(ModelContract.Keys.Config, Config.ToJson()),
            new(ModelContract.Keys.Vocabulary, Vocabulary.ToJson()),
            new(ModelContract.Keys.Producer, Producer),
            new(ModelContract.Keys.ProducerVersion, ProducerVersion),
        };
        if (TrainingSeed is { } seed)
        {
            properties.Add(new(ModelContract.Keys.TrainingSeed, seed.ToString(CultureInfo.InvariantCulture)));
        }

        if (MetricsJson is { } metrics)
        {
            properties.Add(new(ModelContract.Keys.Metrics, metrics));
        }

        if (Tokenizer is { } tokenizer)
        {
            properties.Add(new(ModelContract.Keys.Tokenizer, tokenizer));
        }

        if (TokenizerRecord is { } record)
        {
            properties.Add(new(ModelContract.Keys.TokenizerRecord, record.ToJson()));
        }

        if (Adoption is { } adoption)
        {
            properties.Add(new(ModelContract.Keys.Adoption, adoption.ToJson()));
        }

        return properties;
    }

    /// <summary>Reads and checks the metadata of <paramref name="source"/>.</summary>
    /// <exception cref="InvalidOnnxModelException">Keys are missing (all are named), or a value is invalid.</exception>
    public static ModelMetadata FromProperties(IReadOnlyDictionary<string, string> properties, string source)
    {
        var missing = ModelContract.Keys.Required.Where(key => !properties.ContainsKey(key)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOnnxModelException(source, $"it has no MlNetPositional metadata; missing keys: {string.Join(", ", missing)}.");
        }

        var version = properties[ModelContract.Keys.ContractVersion];
        if (!ModelContract.ReadableVersions.Contains(version))
        {
            throw new InvalidOnnxModelException(source, $"it follows contract version {version}; this library reads versions {string.Join(", ", ModelContract.ReadableVersions)}.");
        }

        ModelConfig config;
        Vocabulary vocabulary;
        TokenizerRecord? tokenizer;
        AdoptionRecord? adoption;
        try
        {
            config = ModelConfig.FromJson(properties[ModelContract.Keys.Config], $"config in {source}");
            vocabulary = Vocabulary.FromJson(properties[ModelContract.Keys.Vocabulary]);
            tokenizer = properties.TryGetValue(ModelContract.Keys.TokenizerRecord, out var record)
                ? TokenizerRecord.FromJson(record)
                : TokenizerRecord.FromLegacyDescription(properties.GetValueOrDefault(ModelContract.Keys.Tokenizer));
            adoption = properties.TryGetValue(ModelContract.Keys.Adoption, out var adopted) ? AdoptionRecord.FromJson(adopted) : null;
        }
        catch (Exception e) when (e is InvalidModelConfigException or FormatException)
        {
            throw new InvalidOnnxModelException(source, e.Message, e);
        }

        if (vocabulary.Count != config.VocabSize)
        {
            throw new InvalidOnnxModelException(source, $"its vocabulary has {vocabulary.Count} tokens but its config says vocab_size {config.VocabSize}.");
        }

        return new ModelMetadata
        {
            Config = config,
            Vocabulary = vocabulary,
            ContractVersion = version,
            Producer = properties[ModelContract.Keys.Producer],
            ProducerVersion = properties[ModelContract.Keys.ProducerVersion],
            TrainingSeed = properties.TryGetValue(ModelContract.Keys.TrainingSeed, out var seed)
                && int.TryParse(seed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null,
            MetricsJson = properties.GetValueOrDefault(ModelContract.Keys.Metrics),
            Tokenizer = properties.GetValueOrDefault(ModelContract.Keys.Tokenizer),
            TokenizerRecord = tokenizer,
            Adoption = adoption,
        };
    }
}
