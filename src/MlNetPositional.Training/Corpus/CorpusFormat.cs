namespace MlNetPositional.Training.Corpus;

/// <summary>How a corpus file is laid out.</summary>
public enum CorpusFormat
{
    /// <summary>Tab-separated, header row, a text column and optionally a label column.</summary>
    Tsv,

    /// <summary>Comma-separated with quoting, header row, a text column and optionally a label column.</summary>
    Csv,

    /// <summary>One sequence per line, no header.</summary>
    Lines,
}
