using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML.Runtime;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx.Schema;
using MlNetPositional.Training.Checkpoints;
using MlNetPositional.Training.Corpus;
using MlNetPositional.Training.Export;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Specs;

namespace MlNetPositional.Training.InPipeline;

/// <summary>
/// Trains a model on the rows of a data view, the way <c>train --data</c> trains on a file (same
/// vocabulary rules, objectives, trainer and checkpoints), and exports it to ONNX in memory. Progress
/// goes to the MLContext's log; the options' token and the MLContext's cancellation stop it.
/// </summary>
internal static class PipelineTraining
{
    /// <summary>Scans, trains and exports.</summary>
    /// <exception cref="InvalidCorpusException">The rows cannot train a model (none with tokens, one class, ...).</exception>
    /// <exception cref="InvalidCheckpointException">The checkpoint folder holds a run of other data or settings.</exception>
    /// <exception cref="OperationCanceledException">Training was cancelled; nothing was exported.</exception>
    public static (ModelProto Model, TrainingMetrics Metrics) Train(ITokenRows rows, PositionalEmbeddingTrainingOptions options, PipelineHost host)
    {
        using var channel = host.Host.Start("Training");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        // The MLContext has no token to link; its flag is polled on this thread (while scanning and
        // after every step). Not by a timer: TorchSharp's optimizer passes temporary Scalars to libtorch
        // unrooted, and a garbage collection started by another thread during that call was seen to
        // free one (a libtorch "toFloat" check failure inside AdamW.step), so training starts no thread.
        void ThrowIfCanceled()
        {
            if (host.IsCanceled)
            {
                cancel.Cancel();
            }

            cancel.Token.ThrowIfCancellationRequested();
        }

        ThrowIfCanceled();
        var reporter = new Reporter(options.Progress, channel, host, cancel);

        var corpus = options.ToCorpusSettings(rows.Source);
        var clock = Stopwatch.StartNew();
        var (vocabulary, labels, trainingRows) = CorpusData.Scan(rows, corpus, options.Seed, ThrowIfCanceled);
        var training = options.ToTrainingSettings(corpus, trainingRows);
        var model = options.ToModelConfig(vocabulary);
        TrainingSpec.Validate(model, training, "TrainPositionalEmbedding options");
        var state = new CheckpointState { Model = model, Training = training, Vocabulary = vocabulary.Tokens, Labels = labels, TrainingRows = trainingRows };
        channel.Info(MessageSensitivity.None, Invariant(
            $"{rows.Source}: {trainingRows} training rows, vocabulary {vocabulary.Count}, {(labels.Length > 0 ? $"{labels.Length} classes" : "masked-token prediction")}; scanned in {clock.Elapsed.TotalSeconds:F1} s. Training {model.Positional.ToName()} positions, {model.Layers} layer(s), dim {model.Dim}, max length {model.MaxLength}: {training.Steps} steps of {training.BatchSize}."));

        var data = new CorpusData(rows, corpus, options.Seed, vocabulary, labels, trainingRows, model.MaxLength, training.BatchSize, training.EvalBatches);
        using var session = TrainingSession.Create(state, data);
        var files = options.CheckpointFolder is { } folder ? new RunFiles(folder) : null;
        state = files is null ? state : ThisRunOrNew(files, state);
        using var log = files is null ? null : RunFolder.Open(files, state, session);
        if (files is not null && state.Step > 0)
        {
            channel.Info(MessageSensitivity.None, Invariant($"Continuing the run in {files.Directory} from step {state.Step}."));
        }

        var metrics = session.Run(state, files, log, reporter, cancel.Token);
        channel.Info(MessageSensitivity.None, Invariant(
            $"Trained {metrics.Steps} steps in {metrics.Seconds:F1} s{(metrics.StoppedEarly ? " (stopped early)" : "")}: held-out loss {metrics.EvalLoss:F4}, accuracy {metrics.EvalAccuracy:P1}{(metrics.UnigramEvalLoss is { } unigram ? $", unigram baseline loss {unigram:F4}" : "")}."));

        var onnx = OnnxExporter.Export(session.Model.Encoder, vocabulary, trainingSeed: options.Seed, metricsJson: JsonSerializer.Serialize(metrics, ContractJson.Options));
        return (onnx, metrics);
    }

    /// <summary>
    /// The state to train from: the checkpoint's, when the folder holds one of this run (same data and
    /// settings), else <paramref name="state"/>.
    /// </summary>
    /// <exception cref="InvalidCheckpointException">The folder holds a run of other data or settings (what differs is named).</exception>
    private static CheckpointState ThisRunOrNew(RunFiles files, CheckpointState state)
    {
        if (!File.Exists(files.Checkpoint))
        {
            return state;
        }

        var saved = CheckpointFile.ReadState(files.Checkpoint);
        var differences = new[]
        {
            (saved.Model == state.Model, "the model settings"),
            (saved.Training == state.Training, "the training settings"),
            (saved.Vocabulary.SequenceEqual(state.Vocabulary), "the vocabulary"),
            ((saved.Labels ?? []).SequenceEqual(state.Labels ?? []), "the labels"),
            (saved.TrainingRows == state.TrainingRows, "the number of training rows"),
        }.Where(c => !c.Item1).Select(c => c.Item2).ToList();
        return differences.Count == 0
            ? saved
            : throw new InvalidCheckpointException(files.Checkpoint,
                $"it holds a run of other data or settings ({string.Join(", ", differences)} differ); give another CheckpointFolder, or delete this one to start again.");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Tells the caller's progress and, at every evaluation, the MLContext's log; turns the MLContext's cancellation into the run's token.</summary>
    private sealed class Reporter(IProgress<TrainingProgress>? progress, IChannel channel, PipelineHost host, CancellationTokenSource cancel) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            progress?.Report(value);
            if (value.EvalLoss is { } evalLoss)
            {
                channel.Info(MessageSensitivity.None, Invariant(
                    $"step {value.Step}/{value.TotalSteps}: loss {value.Loss:F4}, held-out loss {evalLoss:F4}, held-out accuracy {value.EvalAccuracy:P1}, {value.Seconds:F1} s"));
            }

            if (host.IsCanceled)
            {
                cancel.Cancel();   // the trainer checks the token before the next step
            }
        }
    }
}
