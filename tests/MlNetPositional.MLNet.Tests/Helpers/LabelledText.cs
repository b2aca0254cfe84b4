namespace MlNetPositional.MLNet.Tests;

/// <summary>A sentence and its label, for pipelines that tokenise text and train on it.</summary>
internal sealed class LabelledText
{
    public string Text { get; set; } = "";

    public bool Label { get; set; }

    /// <summary>The order task (<see cref="OrderSentences"/>) as rows.</summary>
    public static LabelledText[] Order(int rows, int seed) =>
        [.. OrderSentences.Generate(rows, seed).Select(s => new LabelledText { Text = s.Text, Label = s.Label })];
}
