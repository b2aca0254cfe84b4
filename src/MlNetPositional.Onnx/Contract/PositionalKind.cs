namespace MlNetPositional.Onnx.Contract;

/// <summary>How absolute positions enter the model: <c>x = token_emb(ids) + pos[0..seq)</c>.</summary>
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
}

/// <summary>The names of <see cref="PositionalKind"/> used in specs, flags and model metadata.</summary>
public static class PositionalKindNames
{
    private static readonly (PositionalKind Kind, string Name)[] Names =
    [
        (PositionalKind.Learned, "learned"),
        (PositionalKind.Sinusoidal, "sinusoidal"),
        (PositionalKind.LearnedSinusoidalInit, "learned-sinusoidal-init"),
        (PositionalKind.None, "none"),
    ];

    /// <summary>Every accepted name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = Names.Select(n => n.Name).ToArray();

    /// <summary>The kebab-case name of a kind, e.g. <c>learned-sinusoidal-init</c>.</summary>
    public static string ToName(this PositionalKind kind) => Names.First(n => n.Kind == kind).Name;

    /// <summary>Parses a name (case-insensitive); throws <see cref="FormatException"/> naming the accepted values.</summary>
    public static PositionalKind Parse(string name)
    {
        foreach (var (kind, known) in Names)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        throw new FormatException($"Unknown positional kind '{name}'; expected one of: {string.Join(", ", All)}.");
    }

    /// <summary>True for the kinds whose position table is a trained parameter.</summary>
    public static bool IsLearned(this PositionalKind kind) =>
        kind is PositionalKind.Learned or PositionalKind.LearnedSinusoidalInit;
}
