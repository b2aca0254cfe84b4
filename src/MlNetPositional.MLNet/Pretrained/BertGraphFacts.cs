using MlNetPositional.Contract.Onnx.Schema;

namespace MlNetPositional.Pretrained;

/// <summary>What <see cref="BertFamilyGraph"/> read from a BERT-family export: every figure comes from the graph.</summary>
internal sealed record BertGraphFacts
{
    public required int VocabSize { get; init; }

    public required int MaxLength { get; init; }

    public required int Dim { get; init; }

    public required int Layers { get; init; }

    public required int Heads { get; init; }

    public required int FeedForwardDim { get; init; }

    /// <summary>The LayerNorms' epsilon (BERT: 1e-12).</summary>
    public required double NormEpsilon { get; init; }

    public required string TokenTable { get; init; }

    public required string PositionTable { get; init; }

    public required bool HasTokenTypes { get; init; }

    /// <summary>The output [batch, seq, dim] that becomes the contract's <c>embeddings</c>.</summary>
    public required string HiddenOutput { get; init; }

    /// <summary>The Gather that reads the position table with the range 0..seq-1 (its indices get replaced).</summary>
    public required NodeProto PositionGather { get; init; }

    public required long Opset { get; init; }

    public required string Producer { get; init; }
}
