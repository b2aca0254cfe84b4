using MlNetPositional.Contract.Files;
using MlNetPositional.Contract.Onnx;
using ScottPlot;

namespace MlNetPositional.Plots;

/// <summary>
/// The three pictures of a run: the cosine-similarity heatmap of the position table (a band along the
/// diagonal appears as positions are learned), the training and evaluation curves, and the norm of
/// each position row (rows never reached in training keep their initial norm).
/// </summary>
public static class RunPlots
{
    /// <summary>Writes the plots that the inputs allow into <paramref name="folder"/>; returns the files written.</summary>
    /// <param name="table">The position table, or null (no heatmap or norms).</param>
    /// <param name="trainLog">train-log.csv, or null (no curves).</param>
    /// <param name="folder">Where the PNGs go.</param>
    /// <param name="initialNorm">The expected norm of an untrained row, drawn as a reference line when given.</param>
    public static IReadOnlyList<string> Write(PositionTable? table, string? trainLog, string folder, double? initialNorm = null)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        if (table is not null)
        {
            written.Add(Save(SimilarityHeatmap(table), Path.Combine(folder, "position-similarity.png"), 700, 600));
            written.Add(Save(RowNorms(table, initialNorm), Path.Combine(folder, "position-norms.png"), 800, 450));
        }

        if (trainLog is not null && File.Exists(trainLog))
        {
            written.Add(Save(Curves(TrainLogReader.Read(trainLog)), Path.Combine(folder, "training-curves.png"), 900, 500));
        }

        return written;
    }

    /// <summary>Cosine similarity between positions, position i at tick i on both axes.</summary>
    public static Plot SimilarityHeatmap(PositionTable table)
    {
        var similarity = table.CosineSimilarity();
        var flipped = new double[table.Rows, table.Rows];
        for (var i = 0; i < table.Rows; i++)
        {
            for (var j = 0; j < table.Rows; j++)
            {
                flipped[table.Rows - 1 - i, j] = similarity[i, j]; // ScottPlot 5.1 draws data row 0 at the top
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(flipped);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        plot.Title("Cosine similarity of learned position embeddings");
        plot.XLabel("position");
        plot.YLabel("position");
        return plot;
    }

    /// <summary>Norm of each position row.</summary>
    public static Plot RowNorms(PositionTable table, double? initialNorm)
    {
        var plot = new Plot();
        var norms = table.RowNorms();
        plot.Add.Bars(norms);
        if (initialNorm is { } reference)
        {
            var line = plot.Add.HorizontalLine(reference);
            line.LegendText = "expected norm at initialisation";
            plot.ShowLegend();
        }

        plot.Title("Norm of each position embedding");
        plot.XLabel("position");
        plot.YLabel("L2 norm");
        return plot;
    }

    /// <summary>Training loss and held-out loss (left axis), held-out accuracy (right axis) by step.</summary>
    public static Plot Curves(IReadOnlyList<TrainLogRow> rows)
    {
        var plot = new Plot();
        var train = plot.Add.ScatterLine(rows.Select(r => (double)r.Step).ToArray(), rows.Select(r => r.Loss).ToArray());
        train.LegendText = "training loss";
        var evals = rows.Where(r => r.EvalLoss is not null).ToList();
        var evalSteps = evals.Select(r => (double)r.Step).ToArray();
        var evalLoss = plot.Add.Scatter(evalSteps, evals.Select(r => r.EvalLoss!.Value).ToArray());
        evalLoss.LegendText = "held-out loss";
        var accuracy = plot.Add.Scatter(evalSteps, evals.Select(r => r.EvalAccuracy ?? double.NaN).ToArray());
        accuracy.LegendText = "held-out accuracy";
        accuracy.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "accuracy";
        plot.Title("Training");
        plot.XLabel("step");
        plot.YLabel("cross-entropy");
        plot.ShowLegend();
        return plot;
    }

    private static string Save(Plot plot, string path, int width, int height)
    {
        var bytes = plot.GetImageBytes(width, height, ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, bytes);
        return path;
    }
}
