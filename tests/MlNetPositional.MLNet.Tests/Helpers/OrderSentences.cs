namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// The order task as text: sentences of 2..8 words in which t2 and t3 occur once each; the label
/// says whether t2 comes first. A bag of tokens cannot see it; positions can.
/// </summary>
internal static class OrderSentences
{
    public static IEnumerable<(string Text, bool Label)> Generate(int rows, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < rows; i++)
        {
            var length = random.Next(2, 9);
            var words = Enumerable.Range(0, length).Select(_ => $"t{random.Next(4, 12)}").ToArray();
            var a = random.Next(length);
            var b = (a + 1 + random.Next(length - 1)) % length;
            (words[a], words[b]) = ("t2", "t3");
            yield return (string.Join(' ', words), a < b);
        }
    }

    /// <summary>Writes <paramref name="rows"/> sentences as a TSV with a header (Label, Text).</summary>
    public static void WriteTsv(string path, int rows, int seed)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("Label\tText");
        foreach (var (text, label) in Generate(rows, seed))
        {
            writer.WriteLine($"{(label ? "true" : "false")}\t{text}");
        }
    }
}
