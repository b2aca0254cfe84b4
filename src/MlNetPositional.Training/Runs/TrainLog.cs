using System.Globalization;
using System.Text;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Files;
using MlNetPositional.Contract.Onnx;

namespace MlNetPositional.Training.Runs;

/// <summary>
/// train-log.csv (columns: <see cref="TrainLogColumns"/>), one row per step,
/// evaluation columns empty between evaluations. Rows are flushed at each checkpoint; on resume the
/// rows after the checkpoint's step (written before a crash) are dropped, so no step appears twice.
/// </summary>
internal sealed class TrainLog : IDisposable
{
    /// <summary>The header row.</summary>
    public static string Header => TrainLogColumns.Header;

    private readonly StreamWriter _writer;

    private TrainLog(StreamWriter writer) => _writer = writer;

    /// <summary>Starts a new log, replacing any file at <paramref name="path"/>.</summary>
    public static TrainLog Create(string path)
    {
        AtomicFile.WriteAllText(path, Header + "\n");
        return Append(path);
    }

    /// <summary>Continues a log after <paramref name="lastStep"/>, dropping later rows.</summary>
    public static TrainLog Resume(string path, long lastStep)
    {
        var kept = new StringBuilder(Header).Append('\n');
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path).Skip(1))
            {
                var comma = line.IndexOf(',', StringComparison.Ordinal);
                if (comma > 0 && long.TryParse(line.AsSpan(0, comma), NumberStyles.None, CultureInfo.InvariantCulture, out var step) && step <= lastStep)
                {
                    kept.Append(line).Append('\n');
                }
            }
        }

        AtomicFile.WriteAllText(path, kept.ToString());
        return Append(path);
    }

    /// <summary>Adds the row of one step.</summary>
    public void Write(TrainingProgress p) =>
        _writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"{p.Step},{p.Loss:R},{Format(p.EvalLoss)},{Format(p.EvalAccuracy)},{p.LearningRate:R},{p.Seconds:F3}\n"));

    /// <summary>Pushes buffered rows to disk.</summary>
    public void Flush() => _writer.Flush();

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    private static TrainLog Append(string path) =>
        new(new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)));

    private static string Format(double? value) =>
        value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";
}
