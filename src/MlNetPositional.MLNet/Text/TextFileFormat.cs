namespace MlNetPositional.Text;

/// <summary>How a text file is laid out (<c>train --data</c> and <c>embed-file --input</c> read the same three).</summary>
public enum TextFileFormat
{
    /// <summary>Tab-separated, header row naming the columns.</summary>
    Tsv,

    /// <summary>Comma-separated with quoting, header row naming the columns.</summary>
    Csv,

    /// <summary>One sequence per line, no header.</summary>
    Lines,
}
