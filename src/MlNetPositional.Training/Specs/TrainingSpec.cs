using System.Text.Json;
using System.Text.Json.Serialization;
using MlNetPositional.Contract;

namespace MlNetPositional.Training.Specs;

/// <summary>
/// A spec file: <c>{ "model": {...}, "training": {...} }</c>. Either part may be omitted or list
/// only the keys it changes; the rest keep their defaults. Unknown keys are errors, so a typo never
/// silently trains the wrong model.
/// </summary>
public sealed record TrainingSpec
{
    /// <summary>The architecture.</summary>
    [JsonPropertyName("model")]
    public ModelConfig Model { get; init; } = new();

    /// <summary>The training recipe.</summary>
    [JsonPropertyName("training")]
    public TrainingSettings Training { get; init; } = new();

    /// <summary>Export settings, used when the spec is built into an ONNX model (the build step, <c>build-model</c>).</summary>
    [JsonPropertyName("export")]
    public ExportSettings Export { get; init; } = new();

    /// <summary>Reads a spec file.</summary>
    /// <exception cref="InvalidTrainingSpecException">The file is missing, unreadable, not JSON, or invalid.</exception>
    public static TrainingSpec Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidTrainingSpecException(path, [e.Message]);
        }

        TrainingSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<TrainingSpec>(json, ContractJson.Options);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new InvalidTrainingSpecException(path, [e.Message]);
        }

        return spec ?? throw new InvalidTrainingSpecException(path, ["the JSON is null."]);
    }

    /// <summary>Throws <see cref="InvalidTrainingSpecException"/> listing every problem, naming <paramref name="source"/>.</summary>
    public TrainingSpec Validate(string source)
    {
        Validate(Model, Training, source, Export);
        return this;
    }

    /// <summary>
    /// Throws <see cref="InvalidTrainingSpecException"/> listing every problem of a model and how it
    /// trains (each alone, and the two together), naming <paramref name="source"/>: a spec, a checkpoint,
    /// or TrainPositionalEmbedding's options.
    /// </summary>
    internal static void Validate(ModelConfig model, TrainingSettings training, string source, ExportSettings? export = null)
    {
        var problems = model.Problems().Concat(training.Problems()).ToList();
        if (training.Data is null && training.Task == Tasks.TaskKind.TokenAt && training.TokenAtPosition >= model.MaxLength)
        {
            problems.Add($"token_at_position ({training.TokenAtPosition}) must be below max_length ({model.MaxLength}).");
        }

        if (export is not null && Contract.Onnx.OnnxVersions.OpsetProblem(export.Opset, "export.opset") is { } opsetProblem)
        {
            problems.Add(opsetProblem);
        }

        if (training.MinLength > model.MaxLength)
        {
            problems.Add($"min_length ({training.MinLength}) must not exceed max_length ({model.MaxLength}).");
        }

        if (training.Data is null && training.Task == Tasks.TaskKind.Order && model.VocabSize < 5)
        {
            problems.Add($"the order task needs vocab_size of at least 5 ([PAD], [UNK], A, B and a filler); got {model.VocabSize}.");
        }

        if (training.Data is null && training.Task == Tasks.TaskKind.Order && model.MaxLength < 2)
        {
            problems.Add($"the order task needs max_length of at least 2; got {model.MaxLength}.");
        }

        if (problems.Count > 0)
        {
            throw new InvalidTrainingSpecException(source, problems);
        }
    }

    /// <summary>The JSON form.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ContractJson.Options);
}
