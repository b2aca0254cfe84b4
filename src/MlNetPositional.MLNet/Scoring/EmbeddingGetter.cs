using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.Scoring;

/// <summary>The getter of the embedding column, for the batched cursor and the one-row mapper alike.</summary>
internal static class EmbeddingGetter
{
    /// <summary>
    /// A getter that copies the vector <paramref name="current"/> returns into the caller's buffer.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The column was not active when the cursor or row was made.</exception>
    /// <exception cref="InvalidOperationException"><typeparamref name="TValue"/> is not a vector of Single.</exception>
    public static ValueGetter<TValue> Create<TValue>(DataViewSchema.Column column, bool active, Func<float[]> current)
    {
        if (!active)
        {
            throw new ArgumentOutOfRangeException(nameof(column), $"Column '{column.Name}' was not requested when this cursor or row was created.");
        }

        ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
        {
            var source = current();
            var editor = VBufferEditor.Create(ref value, source.Length);
            source.CopyTo(editor.Values);
            value = editor.Commit();
        };
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' is a vector of Single, not {typeof(TValue)}.");
    }
}
