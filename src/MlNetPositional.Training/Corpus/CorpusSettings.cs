using System.Text.Json.Serialization;

namespace MlNetPositional.Training.Corpus;

/// <summary>The <c>training.data</c> part of a spec: train on a file instead of a dummy task.</summary>
public sealed record CorpusSettings
{
    /// <summary>Where the rows come from: the file at <see cref="Path"/> (the default), or a data view in pipeline.Fit.</summary>
    [JsonPropertyName("source")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public CorpusSource Source { get; init; }

    /// <summary>The corpus file (for a data view: the column read, for messages).</summary>
    [JsonPropertyName("path")]
    public string Path { get; init; } = "";

    /// <summary><c>tsv</c>, <c>csv</c> or <c>lines</c>; by default from the file extension (.tsv, .csv, anything else: lines).</summary>
    [JsonPropertyName("format")]
    public string? Format { get; init; }

    /// <summary>The text column (TSV/CSV).</summary>
    [JsonPropertyName("text_column")]
    public string? TextColumn { get; init; }

    /// <summary>The label column: supervised sequence classification. Without one, masked-token prediction.</summary>
    [JsonPropertyName("label_column")]
    public string? LabelColumn { get; init; }

    /// <summary><c>mlnet-words</c> (default: ML.NET NormalizeText + TokenizeIntoWords), <c>chars</c> (TokenizeIntoCharactersAsKeys), <c>tiktoken:r50k_base</c> or <c>tiktoken:cl100k_base</c>.</summary>
    [JsonPropertyName("tokenizer")]
    public string? Tokenizer { get; init; }

    /// <summary>Extra special tokens reserved after [PAD] and [UNK] (and [MASK] for masked-token prediction).</summary>
    [JsonPropertyName("specials")]
    public IReadOnlyList<string>? Specials { get; init; }

    /// <summary>Tokens seen fewer times in the training rows become [UNK].</summary>
    [JsonPropertyName("min_count")]
    public int MinCount { get; init; } = 1;

    /// <summary>Largest vocabulary, reserved tokens included; the model's vocab_size is the size built.</summary>
    [JsonPropertyName("max_vocab")]
    public int MaxVocab { get; init; } = 30_000;

    /// <summary>Share of rows held out for evaluation (chosen by a seeded hash of the row index).</summary>
    [JsonPropertyName("held_out_fraction")]
    public double HeldOutFraction { get; init; } = 0.1;

    /// <summary>Share of tokens selected for masked-token prediction (of those 80% [MASK], 10% random, 10% kept).</summary>
    [JsonPropertyName("mask_rate")]
    public double MaskRate { get; init; } = 0.15;

    /// <summary>The format actually used.</summary>
    /// <exception cref="FormatException">An unknown format name.</exception>
    public Text.TextFileFormat ResolvedFormat() => Text.TextFile.ResolveFormat(Format, Path);

    /// <summary>Opens the corpus file these settings describe.</summary>
    /// <exception cref="InvalidCorpusException">The run was trained from a data view in pipeline.Fit, which no file holds.</exception>
    internal TextCorpus Open() => Source == CorpusSource.File
        ? TextCorpus.Open(Path, ResolvedFormat(), TextColumn, LabelColumn, Text.TextTokenizer.Parse(Tokenizer))
        : throw new InvalidCorpusException(Path, "this run was trained from an ML.NET data view in pipeline.Fit; continue it by fitting again with the same CheckpointFolder.");

    /// <summary>How the file's text was tokenised, recorded in the exported model; null for a data view, whose tokens the user's pipeline made.</summary>
    [JsonIgnore]
    public Text.TextTokenizer? FileTokenizer => Source == CorpusSource.File ? Text.TextTokenizer.Parse(Tokenizer) : null;

    /// <summary>True when the objective is masked-token prediction (no label column).</summary>
    [JsonIgnore]
    public bool IsMaskedLanguageModel => LabelColumn is null;
}
