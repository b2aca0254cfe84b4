using System.Globalization;

namespace MlNetPositional.Plots.Study;

/// <summary>One measured accuracy of the positions study (a row of one of its CSV files).</summary>
/// <param name="Kind">Positional kind.</param>
/// <param name="Task">Task name.</param>
/// <param name="Seed">Training seed.</param>
/// <param name="Condition">What varies: a length bucket ("33..64"), a training-set size ("8192"), or "as trained" / "shuffled".</param>
/// <param name="Accuracy">Held-out accuracy; null where not applicable (past a position table).</param>
/// <param name="Baseline">Majority-class accuracy of the same examples.</param>
public sealed record StudyResult(string Kind, string Task, int Seed, string Condition, double? Accuracy, double? Baseline);

/// <summary>The CSV files docs/positions-study.sh writes, read back.</summary>
public static class StudyResults
{
    /// <summary>length.csv: kind, seed, min_len, max_len, accuracy, baseline (task match-back).</summary>
    public static IReadOnlyList<StudyResult> Length(string path) => Rows(path, c =>
        [new StudyResult(c["kind"], "match-back", int.Parse(c["seed"], CultureInfo.InvariantCulture), $"{c["min_len"]}..{c["max_len"]}", Number(c["accuracy"]), Number(c["baseline"]))]);

    /// <summary>data.csv: kind, task, seed, sequences, accuracy, baseline.</summary>
    public static IReadOnlyList<StudyResult> Data(string path) => Rows(path, c =>
        [new StudyResult(c["kind"], c["task"], int.Parse(c["seed"], CultureInfo.InvariantCulture), c["sequences"], Number(c["accuracy"]), Number(c["baseline"]))]);

    /// <summary>reliance.csv: kind, task, seed, accuracy, shuffled, baseline — two results per row.</summary>
    public static IReadOnlyList<StudyResult> Reliance(string path) => Rows(path, c =>
    {
        var (kind, task, seed, baseline) = (c["kind"], c["task"], int.Parse(c["seed"], CultureInfo.InvariantCulture), Number(c["baseline"]));
        return [new StudyResult(kind, task, seed, "as trained", Number(c["accuracy"]), baseline), new StudyResult(kind, task, seed, "shuffled", Number(c["shuffled"]), baseline)];
    });

    /// <summary>Mean and range over seeds of each (kind, task, condition), in first-seen order.</summary>
    public static IReadOnlyList<(string Kind, string Task, string Condition, double? Mean, double? Low, double? High, int Seeds, double? Baseline)> Summarise(IEnumerable<StudyResult> results) =>
        [.. results.GroupBy(r => (r.Kind, r.Task, r.Condition)).Select(g =>
        {
            var values = g.Where(r => r.Accuracy is not null).Select(r => r.Accuracy!.Value).ToList();
            var baseline = g.Select(r => r.Baseline).FirstOrDefault(b => b is not null);
            return values.Count == 0
                ? (g.Key.Kind, g.Key.Task, g.Key.Condition, (double?)null, (double?)null, (double?)null, g.Count(), baseline)
                : (g.Key.Kind, g.Key.Task, g.Key.Condition, values.Average(), values.Min(), values.Max(), values.Count, baseline);
        })];

    private static List<StudyResult> Rows(string path, Func<Dictionary<string, string>, StudyResult[]> parse)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).SelectMany(line =>
        {
            var cells = line.Split(',');
            return parse(header.Zip(cells).ToDictionary(p => p.First, p => p.Second));
        })];
    }

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
