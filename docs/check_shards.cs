// Checks that N embed-file shards hold every row of a single run exactly once, with bitwise-equal
// vectors (what docs/slurm-shards.sh runs after the Slurm job array; the same comparison as
// ShardTests in the Cli tests).
//   dotnet run docs/check_shards.cs -- SINGLE.parquet PART-0.parquet ... PART-(N-1).parquet
// The files are read with ParquetSharp (Apache Arrow's C++ reader), which shares no code with
// Parquet.Net, the writer. A .NET file-based program: no project file.
#:package ParquetSharp
#:property PublishAot=false

using ParquetSharp;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: dotnet run docs/check_shards.cs -- SINGLE.parquet PART-0.parquet ... PART-(N-1).parquet");
    return 2;
}

var single = Read(args[0]);
var parts = args.Skip(1).Select(Read).ToList();
var problems = new List<string>();
var seen = new Dictionary<long, int>();
for (var i = 0; i < parts.Count; i++)
{
    var expectedShard = $"{i}/{parts.Count}";
    if (parts[i].Shard != expectedShard)
    {
        problems.Add($"{args[i + 1]}: metadata says shard {parts[i].Shard}, expected {expectedShard}");
    }

    foreach (var row in parts[i].Rows)
    {
        if (row.Row % parts.Count != i)
        {
            problems.Add($"{args[i + 1]}: row {row.Row} belongs to shard {row.Row % parts.Count}");
        }

        seen[row.Row] = seen.GetValueOrDefault(row.Row) + 1;
        if (!single.ByRow.TryGetValue(row.Row, out var reference))
        {
            problems.Add($"{args[i + 1]}: row {row.Row} is not in the single run");
        }
        else if (reference.Id != row.Id || reference.TokenCount != row.TokenCount || reference.Truncated != row.Truncated
            || !reference.Bits.AsSpan().SequenceEqual(row.Bits))
        {
            problems.Add($"{args[i + 1]}: row {row.Row} differs from the single run");
        }
    }
}

problems.AddRange(seen.Where(p => p.Value > 1).Take(10).Select(p => $"row {p.Key} is in {p.Value} parts"));
problems.AddRange(single.ByRow.Keys.Where(r => !seen.ContainsKey(r)).Take(10).Select(r => $"row {r} of the single run is in no part"));
var total = parts.Sum(p => p.Rows.Count);
Console.WriteLine($"{parts.Count} parts, {total:N0} rows ({string.Join(" + ", parts.Select(p => p.Rows.Count.ToString("N0", null)))}); single run {single.ByRow.Count:N0} rows, dim {single.Dim}");
if (problems.Count > 0)
{
    problems.Take(20).ToList().ForEach(p => Console.WriteLine($"  {p}"));
    Console.WriteLine($"FAILED: {problems.Count} problem(s)");
    return 1;
}

Console.WriteLine("every row of the single run is in exactly one part, and its vector, id, token count and truncated flag are bitwise equal");
return 0;

static ParquetPart Read(string path)
{
    using var file = new ParquetFileReader(path);
    var schema = file.FileMetaData.Schema;
    var columns = Enumerable.Range(0, schema.NumColumns).Select(c => schema.Column(c).Path.ToDotString()).ToList();
    var hasId = columns.Contains("id");
    var rows = new List<ShardRow>();
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
            // Compare bits, not values: 0.0 and -0.0 are equal floats but different outputs.
            rows.Add(new ShardRow(row[i], id?[i], [.. embedding[i].Select(BitConverter.SingleToInt32Bits)], tokens[i], truncated[i]));
        }
    }

    var metadata = file.FileMetaData.KeyValueMetadata;
    return new ParquetPart(metadata.GetValueOrDefault("mlnet_positional.shard", "?"), int.Parse(metadata.GetValueOrDefault("mlnet_positional.dim", "0"), null), rows);
}

internal sealed record ShardRow(long Row, string? Id, int[] Bits, int TokenCount, bool Truncated);

internal sealed record ParquetPart(string Shard, int Dim, List<ShardRow> Rows)
{
    public Dictionary<long, ShardRow> ByRow { get; } = Rows.ToDictionary(r => r.Row);
}
