namespace MlNetPositional.MLNet.Tests;

/// <summary>Token rows for the order model (vocabulary [PAD] [UNK] t2..t11, max length 8).</summary>
internal static class TokenSentences
{
    /// <summary>Five rows: ordinary ones, one with an unknown word, one of 9 tokens (over the max length).</summary>
    public static string[][] WithUnknownAndOverLong { get; } =
    [
        ["t5", "t2", "t9", "t3"], ["t3", "t2"], ["t11", "t4", "t2", "t7", "t3", "t6"], ["t2", "nope", "t3"], ["t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10"],
    ];
}
