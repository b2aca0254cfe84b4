// Everything measured, as markdown: the splits, the blocks' scale, one row per corpus, split seed,
// feature set and trainer variant, the cross-validation on the training rows, the recipe check. The
// file is rewritten after every addition, so an interrupted run keeps what it measured.
using System.Globalization;
using System.Text;

internal sealed record Result(string Corpus, int Seed, string Features, bool MinMax, long TrainRows, long TestRows,
    double MicroAccuracy, double MacroAccuracy, double LogLoss, double FeaturiseSeconds, double TrainSeconds, double ScoreSeconds, double Load);

internal sealed record BlockStats(string Corpus, string Seed, Block Block, long Rows, int Width, double NonZerosPerRow, double MeanNorm, double MeanAbsNonZero, double Seconds);

internal sealed record CrossValidation(string Corpus, int Seed, string Features, bool MinMax, int Folds, double[] Micro, double[] Macro, double[] LogLoss);

internal sealed class ResultTable(string path, string modelPath)
{
    private readonly List<string> _splits = [];
    private readonly List<BlockStats> _blocks = [];
    private readonly List<Result> _rows = [];
    private readonly List<CrossValidation> _crossValidations = [];
    private readonly List<string> _recipes = [];

    public string Path { get; } = path;

    public void AddSplit(string corpus, int seed, long trainRows, string trainClasses, long testRows, string testClasses)
    {
        _splits.Add(Invariant($"| {corpus} | {seed} | {trainRows:N0} ({trainClasses}) | {testRows:N0} ({testClasses}) |"));
        Write();
    }

    public void AddBlock(BlockStats stats)
    {
        _blocks.Add(stats);
        Write();
    }

    public void Add(Result result)
    {
        _rows.Add(result);
        Write();
    }

    public void AddCrossValidation(CrossValidation cv)
    {
        _crossValidations.Add(cv);
        Write();
    }

    public void AddRecipe(string corpus, int seed, double micro, double macro, double logLoss, double seconds)
    {
        _recipes.Add(Invariant($"| {corpus} | {seed} | {micro:F3} | {macro:F3} | {logLoss:F3} | {seconds:F1} |"));
        Write();
    }

    public string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.MachineName} ({Environment.ProcessorCount} cores); MiniLM: {(modelPath.Length > 0 ? modelPath : "not used")}."));
        text.AppendLine("Wall times on a shared machine; load = the 1-minute load average after training or scoring, whichever was higher.");
        text.AppendLine();
        text.AppendLine("| corpus | seed | training rows (per class) | test rows (per class) |");
        text.AppendLine("|---|---:|---|---|");
        _splits.ForEach(s => text.AppendLine(s));
        text.AppendLine();
        text.AppendLine("Blocks (features as the trainer gets them, before any normaliser; MiniLM is computed once for all rows of a corpus; the others are fitted on the training rows and described on them; time = fit + featurising the training and test rows):");
        text.AppendLine();
        text.AppendLine("| corpus | seed | block | rows described | width | non-zeros per row | mean L2 norm | mean abs. non-zero value | time (s) |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var b in _blocks)
        {
            text.AppendLine(Invariant($"| {b.Corpus} | {b.Seed} | {b.Block} | {b.Rows:N0} | {b.Width:N0} | {b.NonZerosPerRow:F1} | {b.MeanNorm:F3} | {b.MeanAbsNonZero:F4} | {b.Seconds:F1} |"));
        }

        text.AppendLine();
        text.AppendLine("Test split (featurise = the blocks' time, summed for two blocks; trainer = fitting the trainer stage on the cached features; scoring = the test rows through the trainer stage):");
        text.AppendLine();
        text.AppendLine("| corpus | seed | train / test rows | features | normaliser | accuracy (micro) | accuracy (macro) | log-loss | featurise (s) | trainer (s) | scoring (s) | load |");
        text.AppendLine("|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in _rows)
        {
            text.AppendLine(Invariant(
                $"| {r.Corpus} | {r.Seed} | {r.TrainRows:N0} / {r.TestRows:N0} | {r.Features} | {(r.MinMax ? "NormalizeMinMax" : "none")} | {r.MicroAccuracy:F3} | {r.MacroAccuracy:F3} | {r.LogLoss:F3} | {r.FeaturiseSeconds:F1} | {r.TrainSeconds:F1} | {r.ScoreSeconds:F1} | {r.Load:F1} |"));
        }

        if (_crossValidations.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Cross-validation on the training rows only (mean +/- standard deviation over the folds):");
            text.AppendLine();
            text.AppendLine("| corpus | seed | features | normaliser | folds | accuracy (micro) | accuracy (macro) | log-loss |");
            text.AppendLine("|---|---:|---|---|---:|---:|---:|---:|");
            foreach (var cv in _crossValidations)
            {
                text.AppendLine(Invariant(
                    $"| {cv.Corpus} | {cv.Seed} | {cv.Features} | {(cv.MinMax ? "NormalizeMinMax" : "none")} | {cv.Folds} | {Spread(cv.Micro)} | {Spread(cv.Macro)} | {Spread(cv.LogLoss)} |"));
            }
        }

        if (_recipes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("The recipe (FeaturizeText + MiniLM concatenated, SDCA) as one pipeline fitted on the training rows of the text file:");
            text.AppendLine();
            text.AppendLine("| corpus | seed | accuracy (micro) | accuracy (macro) | log-loss | fit + scoring (s) |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|");
            _recipes.ForEach(r => text.AppendLine(r));
        }

        return text.ToString();
    }

    private void Write() => File.WriteAllText(Path, Markdown());

    private static string Spread(double[] values)
    {
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(values.Length - 1, 1));
        return Invariant($"{mean:F3} +/- {sd:F3}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
