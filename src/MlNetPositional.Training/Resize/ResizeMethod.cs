namespace MlNetPositional.Training.Resize;

/// <summary>How a position table gets a new number of rows.</summary>
public enum ResizeMethod
{
    /// <summary>Linear interpolation along positions (first and last rows kept), as vision models stretch position embeddings.</summary>
    Interpolate,

    /// <summary>Learned rows kept; new rows are sinusoid rows scaled to the learned rows' mean norm. Shortening truncates.</summary>
    ExtendSinusoidal,

    /// <summary>The first rows kept; only shortens.</summary>
    Truncate,
}

/// <summary>Parsing and names of <see cref="ResizeMethod"/>.</summary>
public static class ResizeMethodNames
{
    /// <summary>The accepted names.</summary>
    public static IReadOnlyList<string> All { get; } = ["interpolate", "extend-sinusoidal", "truncate"];

    /// <summary>Parses a method name.</summary>
    /// <exception cref="FormatException">Unknown name; the accepted ones are listed.</exception>
    public static ResizeMethod Parse(string? name) => name?.ToLowerInvariant() switch
    {
        "interpolate" => ResizeMethod.Interpolate,
        "extend-sinusoidal" => ResizeMethod.ExtendSinusoidal,
        "truncate" => ResizeMethod.Truncate,
        _ => throw new FormatException($"Unknown resize method '{name}'; expected {string.Join(", ", All)}."),
    };

    /// <summary>The name of <paramref name="method"/>.</summary>
    public static string ToName(this ResizeMethod method) => All[(int)method];
}
