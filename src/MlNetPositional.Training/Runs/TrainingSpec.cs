using System.Text.Json;
using System.Text.Json.Serialization;
using MlNetPositional.Contract;

namespace MlNetPositional.Training.Runs;

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
        var problems = Model.Problems().Concat(Training.Problems()).ToList();
        if (Training.Data is null && Training.Task == Tasks.TaskKind.TokenAt && Training.TokenAtPosition >= Model.MaxLength)
        {
            problems.Add($"token_at_position ({Training.TokenAtPosition}) must be below max_length ({Model.MaxLength}).");
        }

        if (Contract.Onnx.OnnxVersions.OpsetProblem(Export.Opset, "export.opset") is { } opsetProblem)
        {
            problems.Add(opsetProblem);
        }

        if (Training.MinLength > Model.MaxLength)
        {
            problems.Add($"min_length ({Training.MinLength}) must not exceed max_length ({Model.MaxLength}).");
        }

        if (Training.Data is null && Training.Task == Tasks.TaskKind.Order && Model.VocabSize < 5)
        {
            problems.Add($"the order task needs vocab_size of at least 5 ([PAD], [UNK], A, B and a filler); got {Model.VocabSize}.");
        }

        if (Training.Data is null && Training.Task == Tasks.TaskKind.Order && Model.MaxLength < 2)
        {
            problems.Add($"the order task needs max_length of at least 2; got {Model.MaxLength}.");
        }

        return problems.Count == 0 ? this : throw new InvalidTrainingSpecException(source, problems);
    }

    /// <summary>The JSON form.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ContractJson.Options);
}
