namespace MlNetPositional.Training.PyTorch;

/// <summary>What to import and how.</summary>
public sealed record ImportRequest
{
    /// <summary>The state dict: a torch.save file or a .safetensors file.</summary>
    public required string WeightsPath { get; init; }

    /// <summary>How its tensors map to the model; recognised from the names by default.</summary>
    public WeightLayout Layout { get; init; } = WeightLayout.Auto;

    /// <summary>For <see cref="WeightLayout.Map"/>: role (token, position, segment, norm-weight, norm-bias) to tensor name.</summary>
    public IReadOnlyDictionary<string, string> Map { get; init; } = new Dictionary<string, string>();

    /// <summary>Token strings in id order: one per line (a vocab.txt), or JSON (an array, or an object of token to id). Without it, tokens are their ids.</summary>
    public string? VocabularyPath { get; init; }

    /// <summary>Epsilon of an imported embedding LayerNorm; by default BERT's 1e-12 for the BERT layout and torch's 1e-5 otherwise.</summary>
    public double? NormEpsilon { get; init; }

    /// <summary>For <see cref="WeightLayout.MlNetPositional"/>: the model config (default: the weights path + <c>.config.json</c>).</summary>
    public string? ConfigPath { get; init; }
}
