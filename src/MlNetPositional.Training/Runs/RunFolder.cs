using MlNetPositional.Contract.Files;
using MlNetPositional.Training.Checkpoints;

namespace MlNetPositional.Training.Runs;

/// <summary>
/// Opens a run's folder for training: the one way the CLI (<c>train --out</c>, <c>train --resume</c>)
/// and TrainPositionalEmbedding's CheckpointFolder start or continue a run. A folder without a
/// checkpoint starts a new run (its config.json and an empty train log); a folder with one continues
/// it: the weights and optimizer state are loaded into the session and the log is cut back to the
/// checkpoint's step, so no step is logged twice.
/// </summary>
internal static class RunFolder
{
    /// <summary>Opens <paramref name="files"/> for the run of <paramref name="state"/> and returns the train log to write.</summary>
    /// <param name="files">The run's folder.</param>
    /// <param name="state">
    /// The run: for a new one, its settings at step 0; to continue one, the checkpoint's state as the
    /// caller read it (<see cref="CheckpointFile.ReadState"/>) to check or extend it.
    /// </param>
    /// <param name="session">The model and optimizer the checkpoint's weights are loaded into.</param>
    /// <exception cref="InvalidCheckpointException">The checkpoint does not fit the session's model or is damaged.</exception>
    public static TrainLog Open(RunFiles files, CheckpointState state, TrainingSession session)
    {
        if (File.Exists(files.Checkpoint))
        {
            CheckpointFile.Load(files.Checkpoint, session.Model, session.Optimizer);
            return TrainLog.Resume(files.Log, state.Step);
        }

        Directory.CreateDirectory(files.Directory);
        AtomicFile.WriteAllText(files.Config, state.Model.ToJson());
        return TrainLog.Create(files.Log);
    }
}
