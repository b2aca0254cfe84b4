using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.Training.InPipeline;

/// <summary>
/// The label column TrainPositionalEmbedding classifies by: one value per row, Boolean, key or text.
/// One rule, checked on the schema shape (GetOutputSchema) and on the data's schema (Fit) alike.
/// </summary>
internal static class TrainingLabel
{
    /// <summary>Checks the label column of a schema shape.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Missing, or not a Boolean, key or text value; names the column and the type found.</exception>
    public static void Check(SchemaShape schema, string name)
    {
        var label = schema.FirstOrDefault(c => c.Name == name);
        if (label.Name is null)
        {
            throw NotFound(name);
        }

        var scalar = label.Kind == SchemaShape.Column.VectorKind.Scalar;
        if (!Accepts(scalar, label.IsKey, label.ItemType))
        {
            throw Mismatch(name, scalar ? $"{label.ItemType}" : $"Vector<{label.ItemType}>");
        }
    }

    /// <summary>Checks the label column of a schema and returns it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Missing, or not a Boolean, key or text value; names the column and the type found.</exception>
    public static DataViewSchema.Column Check(DataViewSchema schema, string name)
    {
        var label = schema.GetColumnOrNull(name) ?? throw NotFound(name);
        return Accepts(label.Type is not VectorDataViewType, label.Type is KeyDataViewType, label.Type)
            ? label
            : throw Mismatch(name, $"{label.Type}");
    }

    private static bool Accepts(bool scalar, bool key, DataViewType itemType) =>
        scalar && (key || itemType is BooleanDataViewType or TextDataViewType);

    private static ArgumentOutOfRangeException NotFound(string name) =>
        new("inputSchema", $"Label column '{name}' not found in the data.");

    private static ArgumentOutOfRangeException Mismatch(string name, string found) =>
        new("inputSchema", $"Schema mismatch for label column '{name}': expected Boolean, key or text; found {found}.");
}
