using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlNetPositional.Onnx.Contract;

/// <summary>Writes <see cref="PositionalKind"/> as its kebab-case name and reads it back.</summary>
public sealed class PositionalKindJsonConverter : JsonConverter<PositionalKind>
{
    /// <inheritdoc />
    public override PositionalKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? PositionalKindNames.Parse(reader.GetString()!)
            : throw new JsonException($"positional must be a string, one of: {string.Join(", ", PositionalKindNames.All)}.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, PositionalKind value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToName());
}
