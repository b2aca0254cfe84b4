using MlNetPositional.Contract;
using MlNetPositional.Training.Model;

namespace MlNetPositional.Training.Interop;

/// <summary>An imported model: the encoder with the PyTorch weights, its vocabulary, and what the import did.</summary>
public sealed class ImportedModel(PositionalEncoder encoder, Vocabulary vocabulary, WeightLayout layout, IReadOnlyList<string> notes) : IDisposable
{
    /// <summary>The encoder (eval mode), ready to export.</summary>
    public PositionalEncoder Encoder { get; } = encoder;

    /// <summary>Token strings in id order, [PAD] and [UNK] included (added when the PyTorch model had none).</summary>
    public Vocabulary Vocabulary { get; } = vocabulary;

    /// <summary>The layout used (the one recognised, for <see cref="WeightLayout.Auto"/>).</summary>
    public WeightLayout Layout { get; } = layout;

    /// <summary>What the import changed or assumed, as sentences (rows added, dtypes converted, tensors left out).</summary>
    public IReadOnlyList<string> Notes { get; } = notes;

    /// <inheritdoc />
    public void Dispose() => Encoder.Dispose();
}
