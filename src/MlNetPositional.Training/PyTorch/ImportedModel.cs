using MlNetPositional.Contract;
using MlNetPositional.Training.Model;

namespace MlNetPositional.Training.PyTorch;

/// <summary>An imported model: the encoder with the PyTorch weights, its vocabulary, and what the import did.</summary>
public sealed class ImportedModel : IDisposable
{
    internal ImportedModel(PositionalEncoder encoder, Vocabulary vocabulary, WeightLayout layout, IReadOnlyList<string> notes) =>
        (Encoder, Vocabulary, Layout, Notes) = (encoder, vocabulary, layout, notes);

    /// <summary>The encoder (eval mode), ready to export.</summary>
    internal PositionalEncoder Encoder { get; }

    /// <summary>What the imported model is: vocabulary size, max length, dim, layers, segment row, embedding norm.</summary>
    public ModelConfig Config => Encoder.Config;

    /// <summary>Token strings in id order, [PAD] and [UNK] included (added when the PyTorch model had none).</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>The layout used (the one recognised, for <see cref="WeightLayout.Auto"/>).</summary>
    public WeightLayout Layout { get; }

    /// <summary>What the import changed or assumed, as sentences (rows added, dtypes converted, tensors left out).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <inheritdoc />
    public void Dispose() => Encoder.Dispose();
}
