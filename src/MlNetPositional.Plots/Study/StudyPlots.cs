using System.Globalization;
using System.Text;
using MlNetPositional.Contract.Files;
using ScottPlot;

namespace MlNetPositional.Plots.Study;

/// <summary>The positions study's figures (ScottPlot) and tables (markdown), from its CSV files.</summary>
public static class StudyPlots
{
    /// <summary>Writes length-generalisation.png, data-efficiency-TASK.png and tables.md for the CSV files present in <paramref name="inputFolder"/>.</summary>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Write(string inputFolder, string outputFolder)
    {
        Directory.CreateDirectory(outputFolder);
        var written = new List<string>();
        var tables = new StringBuilder();
        var lengthCsv = Path.Combine(inputFolder, "length.csv");
        if (File.Exists(lengthCsv))
        {
            var summary = StudyResults.Summarise(StudyResults.Length(lengthCsv));
            written.Add(Save(Lines(summary, "Length generalisation: match-back trained at lengths 1..32", "evaluated at lengths", categorical: true), Path.Combine(outputFolder, "length-generalisation.png")));
            tables.Append(Table("Length generalisation (match-back, k = 3, trained at 1..32)", summary));
        }

        var dataCsv = Path.Combine(inputFolder, "data.csv");
        if (File.Exists(dataCsv))
        {
            var summary = StudyResults.Summarise(StudyResults.Data(dataCsv));
            foreach (var task in summary.Select(s => s.Task).Distinct())
            {
                var part = summary.Where(s => s.Task == task).ToList();
                written.Add(Save(Lines(part, $"Data efficiency: {task}", "training sequences seen", categorical: false), Path.Combine(outputFolder, $"data-efficiency-{task}.png")));
                tables.Append(Table($"Data efficiency ({task}, held-out lengths 1..32)", part));
            }
        }

        var relianceCsv = Path.Combine(inputFolder, "reliance.csv");
        if (File.Exists(relianceCsv))
        {
            var summary = StudyResults.Summarise(StudyResults.Reliance(relianceCsv));
            foreach (var task in summary.Select(s => s.Task).Distinct())
            {
                tables.Append(Table($"Position reliance ({task}: positions as trained, and shuffled at test time)", [.. summary.Where(s => s.Task == task)]));
            }
        }

        var tablesPath = Path.Combine(outputFolder, "tables.md");
        AtomicFile.WriteAllText(tablesPath, tables.ToString());
        written.Add(tablesPath);
        return written;
    }

    /// <summary>One line per kind: mean accuracy over seeds against the condition, with the majority baseline.</summary>
    public static Plot Lines(IReadOnlyList<(string Kind, string Task, string Condition, double? Mean, double? Low, double? High, int Seeds, double? Baseline)> summary, string title, string xLabel, bool categorical)
    {
        var plot = new Plot();
        var conditions = summary.Select(s => s.Condition).Distinct().ToList();
        double X(string condition) => categorical ? conditions.IndexOf(condition) : Math.Log2(double.Parse(condition, CultureInfo.InvariantCulture));
        foreach (var kind in summary.Select(s => s.Kind).Distinct())
        {
            var points = summary.Where(s => s.Kind == kind && s.Mean is not null).ToList();
            var line = plot.Add.ScatterLine(points.Select(p => X(p.Condition)).ToArray(), points.Select(p => p.Mean!.Value).ToArray());
            line.LegendText = kind;
            line.MarkerSize = 7;
        }

        var baseline = summary.Where(s => s.Baseline is not null).GroupBy(s => s.Condition).Select(g => (X(g.Key), g.First().Baseline!.Value)).OrderBy(p => p.Item1).ToList();
        var dashed = plot.Add.ScatterLine(baseline.Select(p => p.Item1).ToArray(), baseline.Select(p => p.Item2).ToArray());
        dashed.LegendText = "majority class";
        dashed.LinePattern = LinePattern.Dashed;
        dashed.Color = Colors.Gray;
        var xs = conditions.Select(X).ToList();
        plot.Axes.Bottom.SetTicks([.. xs], [.. conditions]);
        plot.Axes.SetLimits(xs.Min() - 0.5, xs.Max() + 0.5, 0, 1.02);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("held-out accuracy (mean of seeds)");
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }

    private static string Table(string title, IReadOnlyList<(string Kind, string Task, string Condition, double? Mean, double? Low, double? High, int Seeds, double? Baseline)> summary)
    {
        var conditions = summary.Select(s => s.Condition).Distinct().ToList();
        var text = new StringBuilder($"### {title}\n\n| positions | {string.Join(" | ", conditions)} |\n|---|{string.Concat(conditions.Select(_ => "---:|"))}\n");
        foreach (var kind in summary.Select(s => s.Kind).Distinct())
        {
            var cells = conditions.Select(c => summary.FirstOrDefault(s => s.Kind == kind && s.Condition == c) is { Mean: { } mean } s
                ? string.Create(CultureInfo.InvariantCulture, $"{mean:F3} ({s.Low:F3}-{s.High:F3})")
                : "n/a");
            text.Append($"| {kind} | {string.Join(" | ", cells)} |\n");
        }

        var baselines = conditions.Select(c => summary.FirstOrDefault(s => s.Condition == c).Baseline is { } b ? b.ToString("F3", CultureInfo.InvariantCulture) : "");
        text.Append($"| majority class | {string.Join(" | ", baselines)} |\n\nMean of {summary.Max(s => s.Seeds)} seeds, range in brackets.\n\n");
        return text.ToString();
    }

    private static string Save(Plot plot, string path)
    {
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(900, 520, ImageFormat.Png));
        return path;
    }
}
