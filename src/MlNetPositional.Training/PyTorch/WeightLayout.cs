namespace MlNetPositional.Training.PyTorch;

/// <summary>How the tensors of a state dict map to this project's model.</summary>
public enum WeightLayout
{
    /// <summary>Recognised from the tensor names (this project's own names, then seed, BERT, GPT-2).</summary>
    Auto,

    /// <summary>The seed module: <c>embed.weight</c>, <c>pos_emb.weight</c> (no padding token: one is added).</summary>
    Seed,

    /// <summary>
    /// Hugging Face BERT-style: <c>embeddings.word_embeddings.weight</c>, <c>embeddings.position_embeddings.weight</c>,
    /// optional <c>embeddings.token_type_embeddings.weight</c> (row 0 is added, as for token type 0) and
    /// <c>embeddings.LayerNorm.{weight,bias}</c> (applied by the exported graph); any prefix such as <c>bert.</c>.
    /// </summary>
    Bert,

    /// <summary>GPT-2-style: <c>wte.weight</c>, <c>wpe.weight</c>; any prefix such as <c>transformer.</c>.</summary>
    Gpt2,

    /// <summary>This project's own names (<c>export-weights</c>), encoder blocks included; needs the config written next to the weights.</summary>
    MlNetPositional,

    /// <summary>Explicit roles (<c>--map token=NAME --map position=NAME</c>, optional segment, norm-weight, norm-bias).</summary>
    Map,
}

/// <summary>Parsing and names of <see cref="WeightLayout"/>.</summary>
public static class WeightLayoutNames
{
    /// <summary>The accepted names.</summary>
    public static IReadOnlyList<string> All { get; } = ["auto", "seed", "bert", "gpt2", "mlnet-positional", "map"];

    /// <summary>Parses a layout name.</summary>
    /// <exception cref="FormatException">Unknown name; the accepted ones are listed.</exception>
    public static WeightLayout Parse(string? name) => name?.ToLowerInvariant() switch
    {
        null or "auto" => WeightLayout.Auto,
        "seed" => WeightLayout.Seed,
        "bert" => WeightLayout.Bert,
        "gpt2" => WeightLayout.Gpt2,
        "mlnet-positional" => WeightLayout.MlNetPositional,
        "map" => WeightLayout.Map,
        _ => throw new FormatException($"Unknown layout '{name}'; expected {string.Join(", ", All)}."),
    };

    /// <summary>The name of <paramref name="layout"/>.</summary>
    public static string ToName(this WeightLayout layout) => All[(int)layout];
}
