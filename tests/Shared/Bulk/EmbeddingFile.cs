using ParquetSharp;

namespace MlNetPositional.Tests.Shared;

/// <summary>One row of an embed-file output.</summary>
internal sealed record EmbeddingRow(long Row, string? Id, float[] Embedding, int TokenCount, bool Truncated);

/// <summary>
/// An embed-file output read with ParquetSharp (Apache Arrow's C++ Parquet through P/Invoke): a reader
/// that shares no code with Parquet.Net, which wrote the file.
/// </summary>
internal sealed record EmbeddingFile(IReadOnlyList<string> Columns, IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<EmbeddingRow> Rows, int RowGroups)
{
    public static EmbeddingFile Read(string path)
    {
        using var file = new ParquetFileReader(path);
        var schema = file.FileMetaData.Schema;
        var columns = Enumerable.Range(0, schema.NumColumns).Select(c => schema.Column(c).Path.ToDotString()).ToList();
        var hasId = columns.Contains("id");
        var rows = new List<EmbeddingRow>();
        for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            var count = checked((int)group.MetaData.NumRows);
            var column = 0;
            var row = group.Column(column++).LogicalReader<long>().ReadAll(count);
            var id = hasId ? group.Column(column++).LogicalReader<string>().ReadAll(count) : null;
            var embedding = group.Column(column++).LogicalReader<float[]>().ReadAll(count);
            var tokens = group.Column(column++).LogicalReader<int>().ReadAll(count);
            var truncated = group.Column(column).LogicalReader<bool>().ReadAll(count);
            for (var i = 0; i < count; i++)
            {
                rows.Add(new EmbeddingRow(row[i], id?[i], embedding[i], tokens[i], truncated[i]));
            }
        }

        return new EmbeddingFile(columns, file.FileMetaData.KeyValueMetadata, rows, file.FileMetaData.NumRowGroups);
    }
}
