namespace MlNetPositional.Contract;

/// <summary>Which encoder block a model's layers are: this project's own, or a pretrained family's.</summary>
public enum ModelArchitecture
{
    /// <summary>
    /// This project's encoder (the default): pre-LayerNorm blocks (x + Attn(LN(x)), x + FF(LN(x))) with a
    /// final LayerNorm, one fused QKV projection, exact GELU, norms with epsilon 1e-5.
    /// </summary>
    MlNetPositional,

    /// <summary>
    /// BERT (Devlin et al.) as Hugging Face's BertModel computes it: post-LayerNorm blocks
    /// (LN(x + Attn(x)), LN(x + FF(x))) without a final norm, separate Q, K and V projections with
    /// biases, exact GELU, a token-type row and a LayerNorm over the embeddings; adopted pretrained
    /// models (all-MiniLM-L6-v2 and relatives) are of this kind.
    /// </summary>
    Bert,
}

/// <summary>The names of <see cref="ModelArchitecture"/> in model metadata.</summary>
public static class ModelArchitectureNames
{
    /// <summary>The name table.</summary>
    public static EnumNames<ModelArchitecture> Table { get; } = new(
        "architecture",
        (ModelArchitecture.MlNetPositional, "mlnet-positional"),
        (ModelArchitecture.Bert, "bert"));

    /// <summary>The name of an architecture, e.g. <c>bert</c>.</summary>
    public static string ToName(this ModelArchitecture architecture) => Table.ToName(architecture);
}

/// <summary>Writes <see cref="ModelArchitecture"/> as its name and reads it back.</summary>
public sealed class ModelArchitectureJsonConverter() : EnumNameJsonConverter<ModelArchitecture>(ModelArchitectureNames.Table);
