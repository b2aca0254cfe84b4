using MlNetPositional.Examples;

namespace MlNetPositional.MLNet.Tests;

/// <summary>A sentence and its label, for pipelines that tokenise text and train on it.</summary>
internal sealed class LabelledText
{
    public string Text { get; set; } = "";

    public bool Label { get; set; }

    /// <summary>The order task (<see cref="OrderSentences"/>) for the test order model (max length 8, 12 tokens) as rows.</summary>
    public static LabelledText[] Order(int rows, int seed) =>
        [.. OrderSentences.Generate(rows, seed, maxWords: 8, vocabularySize: 12).Select(s => new LabelledText { Text = s.Text, Label = s.Label })];
}
