using static TorchSharp.torch;

namespace MlNetPositional.Training.PyTorch;

/// <summary>
/// A module's state dict under the names its constructor registered. TorchSharp also lists every
/// parameter again under the C# field names of the modules that hold it (<c>_embedding._tokens.weight</c>
/// next to <c>embedding.tokens.weight</c>): same tensors, second names. PyTorch users see only the
/// registered names, which are those of docs/mlnet_positional.py.
/// </summary>
internal static class CanonicalNames
{
    /// <summary>The state dict without the field-name aliases, in registration order.</summary>
    public static Dictionary<string, Tensor> StateDict(nn.Module module) =>
        module.state_dict().Where(kv => IsCanonical(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>True for a registered name (no part starts with an underscore).</summary>
    public static bool IsCanonical(string name) => name.Split('.').All(part => !part.StartsWith('_'));
}
