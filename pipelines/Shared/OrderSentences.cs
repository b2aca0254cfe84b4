namespace MlNetPositional.Examples;

/// <summary>
/// The order task as text, the one generator of the pipelines and the tests: sentences of 2 to
/// <c>maxWords</c> words in which t2 and t3 occur once each among filler words t4..t(vocabularySize-1)
/// (t0 and t1 stand for [PAD] and [UNK]); the label says whether t2 comes first. Any bag of words sees
/// the same words either way, so only word positions can tell the classes apart.
/// </summary>
internal static class OrderSentences
{
    /// <summary><paramref name="rows"/> sentences and labels, seeded.</summary>
    /// <param name="rows">How many.</param>
    /// <param name="seed">Fixes every sentence.</param>
    /// <param name="maxWords">The longest sentence (the model's max length).</param>
    /// <param name="vocabularySize">The model's vocabulary size: filler words are t4..t(vocabularySize-1).</param>
    /// <param name="prefix">The words' prefix ("T" gives upper-case text, for pipelines that normalise it).</param>
    public static IEnumerable<(string Text, bool Label)> Generate(int rows, int seed, int maxWords, int vocabularySize, string prefix = "t")
    {
        var random = new Random(seed);
        for (var i = 0; i < rows; i++)
        {
            var length = random.Next(2, maxWords + 1);
            var words = Enumerable.Range(0, length).Select(_ => $"{prefix}{random.Next(4, vocabularySize)}").ToArray();
            var first = random.Next(length);
            var second = (first + 1 + random.Next(length - 1)) % length;
            (words[first], words[second]) = ($"{prefix}2", $"{prefix}3");
            yield return (string.Join(' ', words), first < second);
        }
    }

    /// <summary>Writes the sentences as a TSV with a header (Label, Text).</summary>
    public static void WriteTsv(string path, int rows, int seed, int maxWords, int vocabularySize, string prefix = "t")
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("Label\tText");
        foreach (var (text, label) in Generate(rows, seed, maxWords, vocabularySize, prefix))
        {
            writer.WriteLine($"{(label ? "true" : "false")}\t{text}");
        }
    }
}
