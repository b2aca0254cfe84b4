using System.Diagnostics;
using System.Text.Json;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Files;
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
/// The model, optimizer and data of one run, and the loop that trains it. Used by
/// <see cref="Trainer"/> (a run directory) and by pipeline.Fit (a run in memory, checkpointed only
/// when asked).
/// </summary>
internal sealed class TrainingSession : IDisposable
{
    private const int DropoutSalt = 0x0D40_0D70;
    private readonly TrainingSettings _settings;

    private readonly double[] _groupScales;

    private TrainingSession(TrainingSettings settings, PositionalTaskModel model, AdamW optimizer, double[] groupScales, ITrainingData data)
    {
        (_settings, Model, Optimizer, _groupScales, Data) = (settings, model, optimizer, groupScales, data);
    }

    public PositionalTaskModel Model { get; }

    public AdamW Optimizer { get; }

    public ITrainingData Data { get; }

    /// <summary>A fresh model (seeded) and optimizer for <paramref name="state"/>, training on <paramref name="data"/>.</summary>
    public static TrainingSession Create(CheckpointState state, ITrainingData data)
    {
        var settings = state.Training;
        NativeDeterminism.Apply();
        manual_seed(settings.Seed);
        var model = PositionalTaskModel.For(state.Model, data);
        model.train();

        var (optimizer, scales) = CreateOptimizer(model, settings);
        return new TrainingSession(settings, model, optimizer, scales, data);
    }

    /// <summary>The run's AdamW over <paramref name="model"/> and each parameter group's learning-rate scale.</summary>
    public static (AdamW Optimizer, double[] Scales) CreateOptimizer(PositionalTaskModel model, TrainingSettings settings)
    {
        // Three groups: linear weights (decayed), the token and position tables (faster, not
        // decayed: decay would shrink position rows a run never reaches), norms and biases.
        var embedding = model.Encoder.Embedding;
        var tables = new object?[] { embedding.TokenTable, embedding.PositionTable }.OfType<object>().ToHashSet(ReferenceEqualityComparer.Instance);
        var all = model.parameters().ToList();
        var groups = new (AdamW.ParamGroup Group, double Scale)[]
        {
            (Group(all.Where(p => !tables.Contains(p) && p.dim() == 2), settings.WeightDecay), 1.0),
            (Group(all.Where(p => tables.Contains(p)), 0), settings.EmbeddingLearningRateScale),
            (Group(all.Where(p => !tables.Contains(p) && p.dim() != 2), 0), 1.0),
        };
        var optimizer = optim.AdamW(groups.Select(g => g.Group), lr: settings.LearningRate);
        return (optimizer, [.. groups.Select(g => g.Scale)]);
        AdamW.ParamGroup Group(IEnumerable<Parameter> parameters, double weightDecay) =>
            new(parameters, lr: settings.LearningRate, weight_decay: weightDecay);
    }

    /// <summary>
    /// Trains from <paramref name="state"/> to its planned steps or early stop. With
    /// <paramref name="files"/>, logs every step, checkpoints at every evaluation and on
    /// cancellation, and writes metrics.json; without, keeps everything in memory.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was triggered (checked before every step).</exception>
    public TrainingMetrics Run(CheckpointState state, RunFiles? files, TrainLog? log, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        var settings = state.Training;
        var clock = Stopwatch.StartNew();
        var secondsBefore = state.Seconds;
        double Seconds() => secondsBefore + clock.Elapsed.TotalSeconds;

        for (var step = state.Step + 1; step <= settings.Steps && !state.StoppedEarly; step++)
        {
            if (cancellation.IsCancellationRequested)
            {
                Checkpoint(state with { Seconds = Seconds() }, files, log);
                cancellation.ThrowIfCancellationRequested();
            }

            var learningRate = LearningRateSchedule.At(settings, step);
            var loss = TrainStep(step, learningRate);
            state = state with { Step = step, TrainLoss = loss };
            var report = new TrainingProgress(step, settings.Steps, loss, learningRate, Seconds());

            if (step % settings.EvalEvery == 0 || step == settings.Steps)
            {
                var (evalLoss, evalAccuracy) = Evaluator.Evaluate(Model, Data.HeldOut);
                if (!double.IsFinite(evalLoss))
                {
                    throw new TrainingDivergedException(step, "evaluation loss", $"{evalLoss} in the held-out evaluation loss");
                }

                var improved = evalLoss < state.BestEvalLoss - 1e-4;
                var stale = improved ? 0 : state.EvalsWithoutImprovement + 1;
                state = state with
                {
                    EvalLoss = evalLoss,
                    EvalAccuracy = evalAccuracy,
                    BestEvalLoss = Math.Min(state.BestEvalLoss, evalLoss),
                    EvalsWithoutImprovement = stale,
                    StoppedEarly = settings.Patience > 0 && stale >= settings.Patience && step < settings.Steps,
                    Seconds = Seconds(),
                };
                report = report with { EvalLoss = evalLoss, EvalAccuracy = evalAccuracy };
                log?.Write(report);
                Checkpoint(state, files, log);
            }
            else
            {
                log?.Write(report);
            }

            progress?.Report(report);
        }

        var metrics = new TrainingMetrics
        {
            Task = settings.Data is null ? settings.Task.ToName() : settings.Data.IsMaskedLanguageModel ? "masked-tokens" : "classification",
            Positional = state.Model.Positional.ToName(),
            Steps = state.Step,
            EvalAccuracy = state.EvalAccuracy ?? 0,
            EvalLoss = state.EvalLoss ?? double.NaN,
            TrainLoss = state.TrainLoss ?? double.NaN,
            Seed = settings.Seed,
            EncoderParameters = Model.Encoder.parameters().Sum(p => p.numel()),
            Seconds = state.Seconds,
            StoppedEarly = state.StoppedEarly,
            UnigramEvalLoss = Data is CorpusData { IsPerToken: true } corpus ? corpus.UnigramHeldOutLoss() : null,
        };
        if (files is not null)
        {
            AtomicFile.WriteAllText(files.Metrics, JsonSerializer.Serialize(metrics, ContractJson.Options));
        }

        return metrics;
    }

    /// <summary>One optimizer step; returns the batch loss. Throws before anything non-finite is kept.</summary>
    private double TrainStep(long step, double learningRate)
    {
        using var scope = NewDisposeScope();
        foreach (var (group, scale) in Optimizer.ParamGroups.Zip(_groupScales))
        {
            group.LearningRate = learningRate * scale;
        }

        manual_seed(SeedStreams.Mix(_settings.Seed ^ DropoutSalt, (int)step)); // this step's dropout, resumable
        var (ids, mask, labels) = BatchTensors.From(Data.TrainingBatch(step));
        var logits = Model.forward(ids, mask);
        var loss = nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), labels);
        var lossValue = loss.item<float>();
        if (!float.IsFinite(lossValue))
        {
            throw new TrainingDivergedException(step, "training loss", $"{lossValue} in the training loss");
        }

        Optimizer.zero_grad();
        loss.backward();
        var norm = nn.utils.clip_grad_norm_(Model.parameters(), _settings.GradientClip);
        if (!double.IsFinite(norm))
        {
            var bad = Model.named_parameters().First(n => n.parameter.grad is { } g && !g.isfinite().all().item<bool>());
            throw new TrainingDivergedException(step, bad.name, $"a non-finite gradient of parameter {bad.name}");
        }

        Optimizer.step();
        foreach (var (name, parameter) in Model.named_parameters())
        {
            if (!parameter.isfinite().all().item<bool>())
            {
                throw new TrainingDivergedException(step, name, $"a non-finite value in parameter {name} after the update");
            }
        }

        return lossValue;
    }

    private void Checkpoint(CheckpointState state, RunFiles? files, TrainLog? log)
    {
        if (files is null)
        {
            return;
        }

        log?.Flush();
        CheckpointFile.Save(files.Checkpoint, state, Model, Optimizer);
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        Model.Dispose();
    }
}
