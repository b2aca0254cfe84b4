using MlNetPositional.Contract;
using MlNetPositional.Training.Model;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Training.Checkpoints;

/// <summary>Rebuilds the (untrained) model a checkpoint's weights belong to, without reading any training data.</summary>
internal static class CheckpointModel
{
    /// <summary>The model for <paramref name="state"/>: its config, with the head of its task or corpus objective.</summary>
    public static PositionalTaskModel Create(CheckpointState state)
    {
        if (state.Training.Data is { } data)
        {
            return data.IsMaskedLanguageModel
                ? new PositionalTaskModel(state.Model, state.Vocabulary.Count, perToken: true)
                : new PositionalTaskModel(state.Model, state.Labels?.Count ?? 0, perToken: false);
        }

        var settings = state.Training;
        return PositionalTaskModel.For(state.Model,
            PositionalTask.Create(settings.Task, new Vocabulary(state.Vocabulary), state.Model.MaxLength, settings.MinLength, settings.TokenAtPosition, settings.Offset));
    }

    /// <summary>Reads the checkpoint at <paramref name="path"/> into a new model.</summary>
    public static (CheckpointState State, PositionalTaskModel Model) Load(string path)
    {
        var state = CheckpointFile.ReadState(path);
        var model = Create(state);
        try
        {
            CheckpointFile.Load(path, model, optimizer: null);
            return (state, model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
