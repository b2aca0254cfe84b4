using MlNetPositional.Contract;

namespace MlNetPositional.Bulk;

/// <summary>A bulk-embedding setting that cannot be used (a shard spec, a batch size, an output path); the message names the value and why.</summary>
/// <param name="source">The setting and its value, e.g. <c>shard '5/4'</c>.</param>
/// <param name="reason">What is wrong, as a sentence.</param>
/// <param name="inner">The error that revealed it, if any.</param>
public sealed class InvalidBulkInputException(string source, string reason, Exception? inner = null)
    : Exception($"{source}: {reason}", inner), IBadInputException
{
    /// <summary>The setting and its value.</summary>
    public string Setting { get; } = source;
}
