namespace MlNetPositional.Bulk;

/// <summary>
/// Which rows one process embeds: shard <see cref="Index"/> of <see cref="Count"/> takes the rows whose
/// 0-based index in the file leaves remainder <see cref="Index"/> when divided by <see cref="Count"/>.
/// The N shards of a file therefore cover every row exactly once, whatever the machines, and a row's
/// shard never depends on its text (a CSV field may hold line breaks, so byte ranges could split a row).
/// </summary>
/// <param name="Index">0-based shard number, below <paramref name="Count"/>.</param>
/// <param name="Count">Number of shards, at least 1.</param>
public readonly record struct ShardSpec(int Index, int Count)
{
    /// <summary>One shard holding every row.</summary>
    public static ShardSpec Whole { get; } = new(0, 1);

    /// <summary>True when row <paramref name="rowIndex"/> belongs to this shard.</summary>
    public bool Contains(long rowIndex) => rowIndex % Count == Index;

    /// <summary>Parses <c>i/N</c> (for example <c>2/4</c>: the third of four shards).</summary>
    /// <exception cref="InvalidBulkInputException">Not two integers with 0 &lt;= i &lt; N.</exception>
    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var index) || !int.TryParse(parts[1], out var count))
        {
            throw new InvalidBulkInputException($"shard '{text}'", "expected i/N with whole numbers, for example 0/4 for the first of four shards.");
        }

        return count < 1
            ? throw new InvalidBulkInputException($"shard '{text}'", $"the shard count must be at least 1, not {count}.")
            : index < 0 || index >= count
                ? throw new InvalidBulkInputException($"shard '{text}'", $"shards are numbered 0 to {count - 1}, so {index} is not one of {count} shards.")
                : new ShardSpec(index, count);
    }

    /// <summary>The <c>i/N</c> form.</summary>
    public override string ToString() => $"{Index}/{Count}";
}
