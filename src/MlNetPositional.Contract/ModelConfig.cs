using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlNetPositional.Contract;

/// <summary>
/// The architecture of a positional embedding model: everything needed to rebuild its weights'
/// shapes. Training settings live apart (the trainer's own record), so a model file describes the
/// model and nothing else. Serialised as snake_case JSON into <c>config.json</c> and ONNX metadata.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>Rows of the token embedding table, including the reserved tokens.</summary>
    [JsonPropertyName("vocab_size")]
    public int VocabSize { get; init; } = 64;

    /// <summary>Rows of the position table: the longest sequence the model accepts.</summary>
    [JsonPropertyName("max_length")]
    public int MaxLength { get; init; } = 32;

    /// <summary>Embedding width (d_model).</summary>
    [JsonPropertyName("dim")]
    public int Dim { get; init; } = 64;

    /// <summary>How positions are encoded.</summary>
    [JsonPropertyName("positional")]
    [JsonConverter(typeof(PositionalKindJsonConverter))]
    public PositionalKind Positional { get; init; } = PositionalKind.Learned;

    /// <summary>
    /// Which block the layers are (see <see cref="ModelArchitecture"/>); omitted from JSON for this
    /// project's own, so files written before the field existed read the same. Readers that predate
    /// the field refuse a file that names another one, which is what they should do: they would
    /// rebuild the wrong network.
    /// </summary>
    [JsonPropertyName("architecture")]
    [JsonConverter(typeof(ModelArchitectureJsonConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ModelArchitecture Architecture { get; init; }

    /// <summary>Encoder blocks on top of the embeddings (pre-LayerNorm for this project's own architecture); 0 = the plain embedding model.</summary>
    [JsonPropertyName("layers")]
    public int Layers { get; init; }

    /// <summary>Attention heads per block; must divide <see cref="Dim"/>.</summary>
    [JsonPropertyName("heads")]
    public int Heads { get; init; } = 4;

    /// <summary>Hidden width of each block's feed-forward network; 0 means 4 x <see cref="Dim"/>.</summary>
    [JsonPropertyName("ff_dim")]
    public int FeedForwardDim { get; init; }

    /// <summary>Dropout probability on embeddings, attention output and feed-forward output.</summary>
    [JsonPropertyName("dropout")]
    public double Dropout { get; init; }

    /// <summary>Id of the padding token; its embedding row is zero and never trained.</summary>
    [JsonPropertyName("pad_id")]
    public int PadId { get; init; }

    /// <summary>
    /// A learned vector added to every token embedding before the positions (BERT's token-type 0
    /// embedding, kept as a separate addition so imported models compute what PyTorch computes).
    /// Only imported models have one; omitted from JSON when false.
    /// </summary>
    [JsonPropertyName("segment_row")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool SegmentRow { get; init; }

    /// <summary>A LayerNorm over the summed embeddings (BERT's embeddings.LayerNorm); omitted from JSON when false.</summary>
    [JsonPropertyName("embedding_norm")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool EmbeddingNorm { get; init; }

    /// <summary>Epsilon of <see cref="EmbeddingNorm"/> (BERT uses 1e-12); null (omitted from JSON) means torch's default 1e-5.</summary>
    [JsonPropertyName("embedding_norm_eps")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? EmbeddingNormEpsilon { get; init; }

    /// <summary>Epsilon of the encoder blocks' LayerNorms (BERT uses 1e-12); null (omitted from JSON) means torch's default 1e-5.</summary>
    [JsonPropertyName("norm_eps")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? NormEpsilon { get; init; }

    /// <summary>The epsilon of the blocks' LayerNorms actually used.</summary>
    [JsonIgnore]
    public double EffectiveNormEpsilon => NormEpsilon ?? DefaultNormEpsilon;

    /// <summary>The epsilon of <see cref="EmbeddingNorm"/> actually used.</summary>
    [JsonIgnore]
    public double EffectiveEmbeddingNormEpsilon => EmbeddingNormEpsilon ?? DefaultNormEpsilon;

    /// <summary>
    /// ALiBi variant: false (default, omitted from JSON) gives two-sided heads — half the heads attend
    /// backwards, half forwards, each with the paper's slopes — so a bidirectional encoder can tell
    /// before from after; true gives one symmetric bias on |i - j| per head.
    /// </summary>
    [JsonPropertyName("alibi_symmetric")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool AlibiSymmetric { get; init; }

    /// <summary>torch's nn.LayerNorm default epsilon, used by every other norm of the model.</summary>
    public const double DefaultNormEpsilon = 1e-5;

    /// <summary>The feed-forward width actually used.</summary>
    [JsonIgnore]
    public int EffectiveFeedForwardDim => FeedForwardDim == 0 ? 4 * Dim : FeedForwardDim;

    /// <summary>Every problem with this configuration, as user-facing sentences; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (VocabSize < 3)
        {
            problems.Add($"vocab_size must be at least 3 ([PAD], [UNK] and one token); got {VocabSize}.");
        }

        if (MaxLength < 1)
        {
            problems.Add($"max_length must be at least 1; got {MaxLength}.");
        }

        if (Dim < 1)
        {
            problems.Add($"dim must be at least 1; got {Dim}.");
        }

        if (Layers < 0)
        {
            problems.Add($"layers must be 0 or more; got {Layers}.");
        }

        if (Layers > 0 && Heads < 1)
        {
            problems.Add($"heads must be at least 1; got {Heads}.");
        }
        else if (Layers > 0 && Dim >= 1 && Dim % Heads != 0)
        {
            problems.Add($"dim ({Dim}) must be divisible by heads ({Heads}).");
        }

        if (Positional.IsRelative() && Layers < 1)
        {
            problems.Add($"positional '{Positional.ToName()}' acts inside attention: it needs at least one encoder layer (layers >= 1); got {Layers}.");
        }
        else if (Positional == PositionalKind.Rope && Heads >= 1 && Dim % Heads == 0 && Dim / Heads % 2 != 0)
        {
            problems.Add($"positional 'rope' rotates pairs of values: dim / heads ({Dim / Heads}) must be even.");
        }
        else if (Positional == PositionalKind.Alibi && !AlibiSymmetric && Heads < 2)
        {
            problems.Add($"positional 'alibi' gives half the heads each direction: it needs at least 2 heads; got {Heads}.");
        }

        if (FeedForwardDim < 0)
        {
            problems.Add($"ff_dim must be 0 (meaning 4 x dim) or positive; got {FeedForwardDim}.");
        }

        if (double.IsNaN(Dropout) || Dropout < 0 || Dropout >= 1)
        {
            problems.Add($"dropout must be in [0, 1); got {Dropout}.");
        }

        if (EmbeddingNormEpsilon is { } epsilon && !(epsilon > 0 && epsilon < 1))
        {
            problems.Add($"embedding_norm_eps must be in (0, 1); got {EmbeddingNormEpsilon}.");
        }

        if (NormEpsilon is { } normEpsilon && !(normEpsilon > 0 && normEpsilon < 1))
        {
            problems.Add($"norm_eps must be in (0, 1); got {NormEpsilon}.");
        }
        else if (NormEpsilon is not null && Architecture == ModelArchitecture.MlNetPositional)
        {
            problems.Add("norm_eps describes a pretrained architecture's block norms; this project's own blocks use 1e-5: leave it out.");
        }

        if (Architecture == ModelArchitecture.Bert && (Positional != PositionalKind.Learned || Layers < 1))
        {
            problems.Add($"architecture 'bert' has a learned position table and at least one layer; got positional '{Positional.ToName()}' and {Layers} layer(s).");
        }

        if (PadId < 0 || PadId >= Math.Max(VocabSize, 1))
        {
            problems.Add($"pad_id must be a token id in [0, vocab_size); got {PadId} with vocab_size {VocabSize}.");
        }

        return problems;
    }

    /// <summary>Throws <see cref="InvalidModelConfigException"/> listing every problem, if there is any.</summary>
    /// <param name="source">Where the configuration came from (a file name or "flags"), for the message.</param>
    public ModelConfig Validate(string source = "model config")
    {
        var problems = Problems();
        return problems.Count == 0 ? this : throw new InvalidModelConfigException(source, problems);
    }

    /// <summary>The canonical JSON form (snake_case, indented).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ContractJson.Options);

    /// <summary>Parses and validates a JSON config.</summary>
    /// <exception cref="InvalidModelConfigException">The JSON is malformed or describes an invalid model.</exception>
    public static ModelConfig FromJson(string json, string source = "model config")
    {
        ModelConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<ModelConfig>(json, ContractJson.Options);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new InvalidModelConfigException(source, [e.Message]);
        }

        return (config ?? throw new InvalidModelConfigException(source, ["the JSON is null."])).Validate(source);
    }
}
