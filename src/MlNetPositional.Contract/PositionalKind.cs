namespace MlNetPositional.Contract;

/// <summary>
/// How positions enter the model: absolute encodings added to the embeddings
/// (<c>x = token_emb(ids) + pos[0..seq)</c>), or relative schemes inside every attention layer.
/// </summary>
public enum PositionalKind
{
    /// <summary>A learned table of max-length rows (the default). Cannot go past its length.</summary>
    Learned,

    /// <summary>Fixed sine/cosine encodings (Vaswani et al.); nothing to learn.</summary>
    Sinusoidal,

    /// <summary>A learned table whose initial values are the sinusoids.</summary>
    LearnedSinusoidalInit,

    /// <summary>No positional information: the control that shows what positions are worth.</summary>
    None,

    /// <summary>Rotary embeddings (Su et al., RoFormer): queries and keys rotated by position in every attention layer. No table, no length limit.</summary>
    Rope,

    /// <summary>ALiBi (Press et al.): a fixed head-specific linear bias on attention scores by distance. No table, no length limit.</summary>
    Alibi,
}

/// <summary>The names of <see cref="PositionalKind"/> used in specs, flags and model metadata.</summary>
public static class PositionalKindNames
{
    /// <summary>The name table.</summary>
    public static EnumNames<PositionalKind> Table { get; } = new(
        "positional kind",
        (PositionalKind.Learned, "learned"),
        (PositionalKind.Sinusoidal, "sinusoidal"),
        (PositionalKind.LearnedSinusoidalInit, "learned-sinusoidal-init"),
        (PositionalKind.None, "none"),
        (PositionalKind.Rope, "rope"),
        (PositionalKind.Alibi, "alibi"));

    /// <summary>Every accepted name, in declaration order.</summary>
    public static IReadOnlyList<string> All => Table.All;

    /// <summary>The kebab-case name of a kind, e.g. <c>learned-sinusoidal-init</c>.</summary>
    public static string ToName(this PositionalKind kind) => Table.ToName(kind);

    /// <summary>Parses a name (case-insensitive); throws <see cref="FormatException"/> naming the accepted values.</summary>
    public static PositionalKind Parse(string name) => Table.Parse(name);

    /// <summary>True for the relative kinds, which act inside attention layers.</summary>
    public static bool IsRelative(this PositionalKind kind) => kind is PositionalKind.Rope or PositionalKind.Alibi;

    /// <summary>True when the model cannot take sequences past its max length (every kind but the relative ones).</summary>
    public static bool HasLengthLimit(this PositionalKind kind) => !kind.IsRelative();

    /// <summary>True for the kinds whose position table is a trained parameter.</summary>
    public static bool IsLearned(this PositionalKind kind) =>
        kind is PositionalKind.Learned or PositionalKind.LearnedSinusoidalInit;
}
