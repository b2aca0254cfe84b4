using System.Text.Json;
using System.Text.Json.Serialization;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Training.Runs;

/// <summary>Writes <see cref="TaskKind"/> as its kebab-case name and reads it back.</summary>
public sealed class TaskKindJsonConverter : JsonConverter<TaskKind>
{
    /// <inheritdoc />
    public override TaskKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? TaskKindNames.Parse(reader.GetString()!)
            : throw new JsonException($"task must be a string, one of: {string.Join(", ", TaskKindNames.All)}.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TaskKind value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToName());
}
