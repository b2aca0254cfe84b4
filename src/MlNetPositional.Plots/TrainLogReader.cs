using System.Globalization;
using MlNetPositional.Contract;

namespace MlNetPositional.Plots;

/// <summary>One row of train-log.csv.</summary>
public sealed record TrainLogRow(long Step, double Loss, double? EvalLoss, double? EvalAccuracy, double LearningRate, double Seconds);

/// <summary>Reads train-log.csv (columns: <see cref="TrainLogColumns"/>).</summary>
public static class TrainLogReader
{
    /// <summary>All rows of the log.</summary>
    /// <exception cref="InvalidDataException">A row is malformed; the message names the file and line.</exception>
    public static IReadOnlyList<TrainLogRow> Read(string path)
    {
        var rows = new List<TrainLogRow>();
        var line = 1;
        foreach (var text in File.ReadLines(path).Skip(1))
        {
            line++;
            var f = text.Split(',');
            if (f.Length != TrainLogColumns.All.Count || !long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var step))
            {
                throw new InvalidDataException($"{path}, line {line}: expected {TrainLogColumns.All.Count} comma-separated values ({TrainLogColumns.Header}).");
            }

            rows.Add(new TrainLogRow(step, Number(f[1]) ?? double.NaN, Number(f[2]), Number(f[3]), Number(f[4]) ?? double.NaN, Number(f[5]) ?? double.NaN));
        }

        return rows;
    }

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
