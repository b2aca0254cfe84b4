using System.Diagnostics;
using System.Text.Json;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Training.Checkpoints;
using MlNetPositional.Training.Corpus;
using MlNetPositional.Training.Data;
using MlNetPositional.Training.Determinism;
using MlNetPositional.Training.Model;
using MlNetPositional.Training.Specs;
using MlNetPositional.Training.Tasks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Runs;

/// <summary>
/// Trains a <see cref="PositionalTaskModel"/> on a dummy task: AdamW, warm-up then cosine decay,
/// gradient clipping, held-out evaluation with early stopping, atomic checkpoints at every
/// evaluation, a NaN/Inf guard, and exact resumption. Same seed on the same machine gives
/// bitwise-identical weights: the seed fixes the data, the initialisation and each step's dropout.
/// </summary>
public static class Trainer
{
    /// <summary>Starts a run in <paramref name="outDir"/>, which must not already hold a checkpoint.</summary>
    /// <exception cref="InvalidTrainingSpecException">The spec is invalid.</exception>
    /// <exception cref="IOException">The directory already holds a run.</exception>
    /// <exception cref="TrainingDivergedException">A loss, gradient or weight became NaN or infinite.</exception>
    public static TrainingMetrics Train(TrainingSpec spec, string outDir, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        spec.Validate("the training spec");
        var files = new RunFiles(outDir);
        if (File.Exists(files.Checkpoint))
        {
            throw new IOException($"{files.Directory} already holds a training run (checkpoint.bin); resume it with --resume or choose another output directory.");
        }

        CheckpointState state;
        Vocabulary vocabulary;
        if (spec.Training.Data is { } corpus)
        {
            // A corpus decides the vocabulary (and so vocab_size); [PAD] is id 0.
            var (built, labels, rows) = CorpusData.Scan(corpus, spec.Training.Seed);
            vocabulary = built;
            var model = (spec.Model with { VocabSize = built.Count, PadId = built.PadId }).Validate("the model config");
            state = new CheckpointState { Model = model, Training = spec.Training, Vocabulary = built.Tokens, Labels = labels, TrainingRows = rows };
        }
        else
        {
            vocabulary = Vocabulary.Synthetic(spec.Model.VocabSize, spec.Model.PadId);
            state = new CheckpointState { Model = spec.Model, Training = spec.Training, Vocabulary = vocabulary.Tokens };
        }

        using var session = TrainingSession.Create(state, DataFor(state, vocabulary));
        using var log = RunFolder.Open(files, state, session);
        return session.Run(state, files, log, progress, cancellation);
    }

    /// <summary>
    /// Continues the run in <paramref name="runDir"/> from its checkpoint, to <paramref name="steps"/>
    /// total steps if given (to extend a finished run) or to the planned total.
    /// </summary>
    /// <exception cref="InvalidCheckpointException">The directory holds no readable checkpoint.</exception>
    public static TrainingMetrics Resume(string runDir, int? steps = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        var files = new RunFiles(runDir);
        var state = CheckpointFile.ReadState(files.Checkpoint);
        if (steps is { } total)
        {
            state = state with { Training = state.Training with { Steps = total }, StoppedEarly = false };
        }

        TrainingSpec.Validate(state.Model, state.Training, files.Checkpoint);
        var vocabulary = new Vocabulary(state.Vocabulary);
        using var session = TrainingSession.Create(state, DataFor(state, vocabulary));
        using var log = RunFolder.Open(files, state, session);
        return session.Run(state, files, log, progress, cancellation);
    }

    /// <summary>The state of the run in <paramref name="runDir"/> as its last checkpoint saved it: model, settings, vocabulary, step, latest evaluation.</summary>
    /// <exception cref="InvalidCheckpointException">The directory holds no readable checkpoint.</exception>
    public static CheckpointState ReadState(string runDir) => CheckpointFile.ReadState(new RunFiles(runDir).Checkpoint);

    /// <summary>
    /// The run's state and the position table its last checkpoint holds, row-major
    /// [max_length, dim]; null for kinds without one (none, rope, alibi). For plots and reports.
    /// </summary>
    /// <exception cref="InvalidCheckpointException">The directory holds no readable checkpoint.</exception>
    public static (CheckpointState State, float[]? PositionTable) ReadPositionTable(string runDir)
    {
        var (state, model) = CheckpointModel.Load(new RunFiles(runDir).Checkpoint);
        using var _ = model;
        if (model.Encoder.Embedding.PositionTable is not { } positions)
        {
            return (state, null);
        }

        using var contiguous = positions.detach().contiguous();
        return (state, contiguous.data<float>().ToArray());
    }

    /// <summary>The training data a spec or checkpoint names: its corpus file, or its dummy task.</summary>
    private static ITrainingData DataFor(CheckpointState state, Vocabulary vocabulary)
    {
        var settings = state.Training;
        return settings.Data is { } corpus
            ? new CorpusData(corpus, settings.Seed, vocabulary, state.Labels ?? [], state.TrainingRows ?? 0, state.Model.MaxLength, settings.BatchSize, settings.EvalBatches)
            : new TaskData(PositionalTask.Create(settings.Task, vocabulary, state.Model.MaxLength, settings.MinLength, settings.TokenAtPosition, settings.Offset),
                state.Model.PadId, settings.Seed, settings.BatchSize, settings.EvalBatches);
    }
}
