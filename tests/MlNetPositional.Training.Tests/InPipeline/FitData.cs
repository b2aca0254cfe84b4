using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Examples;

namespace MlNetPositional.Training.Tests.InPipeline;

/// <summary>Generated data views and small, fast training settings for the TrainPositionalEmbedding tests.</summary>
internal static class FitData
{
    /// <summary>Order-task sentences (only the order of t2 and t3 decides the label) as text rows.</summary>
    public static IDataView OrderText(MLContext ml, int rows, int seed) =>
        ml.Data.LoadFromEnumerable(OrderSentences.Generate(rows, seed, maxWords: 8, vocabularySize: 12)
            .Select(s => new TextRow { Text = s.Text, Label = s.Label }).ToList());

    /// <summary>The same sentences as token arrays.</summary>
    public static IDataView OrderTokens(MLContext ml, int rows, int seed) =>
        ml.Data.LoadFromEnumerable(OrderSentences.Generate(rows, seed, maxWords: 8, vocabularySize: 12)
            .Select(s => new TokenRow { Tokens = s.Text.Split(' '), Label = s.Label }).ToList());

    /// <summary>Settings that learn the order task in a few seconds.</summary>
    public static PositionalEmbeddingTrainingOptions Small(string? label = "Label", int steps = 150) => new()
    {
        OutputColumnName = "Features",
        InputColumnName = "Tokens",
        LabelColumnName = label,
        Dim = 32,
        Layers = 1,
        Heads = 4,
        MaxLength = 8,
        Dropout = 0,
        Steps = steps,
        BatchSize = 64,
        EvaluateEvery = 25,
        Patience = 0,
    };

    /// <summary>The output column of every row.</summary>
    public static List<float[]> Features(IDataView data, string column = "Features") =>
        [.. data.GetColumn<float[]>(column)];

    internal sealed class TextRow
    {
        public string Text { get; set; } = "";

        public bool Label { get; set; }
    }

    internal sealed class TokenRow
    {
        [VectorType]
        public string[] Tokens { get; set; } = [];

        public bool Label { get; set; }
    }
}
