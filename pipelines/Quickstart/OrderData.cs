namespace Quickstart;

/// <summary>
/// The "order" task as text: sentences of 2 to 16 words where "t2" and "t3" each occur once among
/// filler words t4..t15; the label says whether t2 comes first. Any bag of words sees the same words
/// either way, so only word positions can tell the classes apart.
/// </summary>
internal static class OrderData
{
    public static void Write(string path, int rows, int seed)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path);
        writer.WriteLine("Label\tText");
        for (var i = 0; i < rows; i++)
        {
            var length = random.Next(2, 17);
            var words = Enumerable.Range(0, length).Select(_ => $"t{random.Next(4, 16)}").ToArray();
            var first = random.Next(length);
            var second = (first + 1 + random.Next(length - 1)) % length;
            (words[first], words[second]) = ("t2", "t3");
            writer.WriteLine($"{(first < second ? "true" : "false")}\t{string.Join(' ', words)}");
        }
    }
}
