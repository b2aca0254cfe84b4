using Microsoft.ML.Data;

namespace MlNetPositional.Benchmarks;

/// <summary>A row of the TSV that <c>OrderSentences.WriteTsv</c> writes: Label, then Text.</summary>
public sealed class LabelledTextRow
{
    /// <summary>The label's text.</summary>
    [LoadColumn(0)]
    public string Label { get; set; } = "";

    /// <summary>The sentence.</summary>
    [LoadColumn(1)]
    public string Text { get; set; } = "";
}
