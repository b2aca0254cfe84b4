using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// Reads any column of a data view as comparable text (vectors as their values, floats round-trip
/// exact), the way ML.NET's own tests compare views column by column.
/// </summary>
internal static class DataViewValues
{
    /// <summary>The values of <paramref name="columns"/>, by column index, read through one cursor over just those columns.</summary>
    public static Dictionary<int, List<string>> ReadAll(IDataView view, IEnumerable<DataViewSchema.Column> columns, Random? random = null)
    {
        var active = columns.ToList();
        using var cursor = view.GetRowCursor(active, random);
        var readers = active.ToDictionary(c => c.Index, c => Reader(cursor, c));
        var values = active.ToDictionary(c => c.Index, _ => new List<string>());
        while (cursor.MoveNext())
        {
            foreach (var (index, read) in readers)
            {
                values[index].Add(read());
            }
        }

        return values;
    }

    /// <summary>Every non-empty subset of the schema's columns (hidden ones included).</summary>
    public static IEnumerable<DataViewSchema.Column[]> Subsets(DataViewSchema schema)
    {
        var all = schema.ToArray();
        for (var mask = 1; mask < 1 << all.Length; mask++)
        {
            yield return [.. all.Where(c => (mask & (1 << c.Index)) != 0)];
        }
    }

    /// <summary>A reader of the current row's value of <paramref name="column"/> as text.</summary>
    public static Func<string> Reader(DataViewRow row, DataViewSchema.Column column)
    {
        var type = column.Type;
        return type switch
        {
            VectorDataViewType { ItemType: NumberDataViewType n } when n.RawType == typeof(float) => Vector<float>(row, column),
            VectorDataViewType { ItemType: NumberDataViewType n } when n.RawType == typeof(long) => Vector<long>(row, column),
            VectorDataViewType { ItemType: NumberDataViewType n } when n.RawType == typeof(int) => Vector<int>(row, column),
            VectorDataViewType { ItemType: KeyDataViewType } => Vector<uint>(row, column),
            VectorDataViewType { ItemType: TextDataViewType } => Vector<ReadOnlyMemory<char>>(row, column),
            NumberDataViewType n when n.RawType == typeof(float) => Scalar<float>(row, column),
            NumberDataViewType n when n.RawType == typeof(long) => Scalar<long>(row, column),
            NumberDataViewType n when n.RawType == typeof(int) => Scalar<int>(row, column),
            TextDataViewType => Scalar<ReadOnlyMemory<char>>(row, column),
            BooleanDataViewType => Scalar<bool>(row, column),
            KeyDataViewType => Scalar<uint>(row, column),
            _ => throw new NotSupportedException($"No reader for {type} in column {column.Name}."),
        };
    }

    private static Func<string> Scalar<T>(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<T>(column);
        var value = default(T)!;
        return () =>
        {
            getter(ref value);
            return Text(value);
        };
    }

    private static Func<string> Vector<T>(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<VBuffer<T>>(column);
        var value = default(VBuffer<T>);
        return () =>
        {
            getter(ref value);
            return $"[{string.Join(",", value.DenseValues().Select(v => Text(v)))}]";
        };
    }

    private static string Text<T>(T value) => value switch
    {
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        ReadOnlyMemory<char> m => m.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };
}
