// One row per corpus, split seed and feature set; the markdown file is rewritten after every row, so an
// interrupted run keeps what it measured.
using System.Globalization;
using System.Text;

internal sealed record Result(string Corpus, int Seed, string Features, long TrainRows, long TestRows,
    double MicroAccuracy, double MacroAccuracy, double LogLoss, double FitSeconds, double ScoreSeconds, double Load);

internal sealed class ResultTable(string path, string modelPath)
{
    private readonly List<Result> _rows = [];

    public string Path { get; } = path;

    public void Add(Result result)
    {
        _rows.Add(result);
        File.WriteAllText(Path, Markdown());
    }

    public string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.MachineName} ({Environment.ProcessorCount} cores); MiniLM: {modelPath}.");
        text.AppendLine("Wall times on a shared machine; load = the 1-minute load average after fit or scoring, whichever was higher.");
        text.AppendLine();
        text.AppendLine("| corpus | seed | train / test rows | features | accuracy (micro) | accuracy (macro) | log-loss | fit (s) | test scoring (s) | load |");
        text.AppendLine("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in _rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Corpus} | {r.Seed} | {r.TrainRows:N0} / {r.TestRows:N0} | {r.Features} | {r.MicroAccuracy:F3} | {r.MacroAccuracy:F3} | {r.LogLoss:F3} | {r.FitSeconds:F1} | {r.ScoreSeconds:F1} | {r.Load:F1} |");
        }

        return text.ToString();
    }
}
