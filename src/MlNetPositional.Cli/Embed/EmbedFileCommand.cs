using System.CommandLine;
using System.Globalization;
using MlNetPositional.Bulk;
using MlNetPositional.Cli.Progress;

namespace MlNetPositional.Cli.Embed;

/// <summary>
/// <c>embed-file --model FILE.onnx --input FILE --text-column NAME [--id-column NAME] --out FILE.parquet
/// [--pooling mean|max|first] [--batch-size N] [--shard i/N]</c>: bulk embedding to Parquet
/// (<see cref="BulkEmbedder"/>), one shard per process.
/// </summary>
internal sealed class EmbedFileCommand : ICliVerb
{
    private readonly Option<string> _model = new("--model") { Description = "An ONNX file exported by MlNetPositional from text (its metadata names the tokenizer).", Required = true };
    private readonly Option<string> _input = new("--input") { Description = "The text file: tsv, csv or lines, as train --data reads it.", Required = true };
    private readonly Option<string?> _format = new("--format") { Description = "tsv, csv or lines (default: from the extension)." };
    private readonly Option<string?> _textColumn = new("--text-column") { Description = "The text column (tsv/csv)." };
    private readonly Option<string?> _idColumn = new("--id-column") { Description = "A column copied to the output's id (tsv/csv); rows always carry their 0-based row index." };
    private readonly Option<string> _out = new("--out") { Description = "The Parquet file to write (atomically: complete or not at all).", Required = true };
    private readonly Option<string> _pooling = new("--pooling") { Description = "mean, max or first.", DefaultValueFactory = _ => "mean" };
    private readonly Option<int> _batchSize = new("--batch-size") { Description = "Rows per scoring batch.", DefaultValueFactory = _ => BulkEmbeddingOptions.DefaultBatchSize };
    private readonly Option<int> _rowGroupSize = new("--row-group-size") { Description = "Rows per Parquet row group (the most rows held in memory).", DefaultValueFactory = _ => BulkEmbeddingOptions.DefaultRowGroupSize };
    private readonly Option<string> _shard = new("--shard") { Description = "i/N: embed the rows whose index mod N is i (0 <= i < N).", DefaultValueFactory = _ => "0/1" };
    private readonly Option<int> _threads = new("--threads") { Description = "ONNX Runtime threads per call (0: choose; 1 when several processes share a machine).", DefaultValueFactory = _ => 0 };
    private readonly Option<int?> _maxLength = new("--max-len") { Description = "Cut rows here (rope/alibi models have no limit of their own)." };

    /// <summary>Creates the command.</summary>
    public EmbedFileCommand() => Command = new Command("embed-file", "Embed every row of a text file (or one shard of it) into a Parquet file.")
    {
        _model, _input, _format, _textColumn, _idColumn, _out, _pooling, _batchSize, _rowGroupSize, _shard, _threads, _maxLength,
    };

    /// <inheritdoc />
    public Command Command { get; }

    /// <inheritdoc />
    public int Execute(ParseResult parse, CliContext context)
    {
        var options = new BulkEmbeddingOptions
        {
            ModelPath = parse.GetValue(_model)!,
            InputPath = parse.GetValue(_input)!,
            Format = parse.GetValue(_format),
            TextColumn = parse.GetValue(_textColumn),
            IdColumn = parse.GetValue(_idColumn),
            OutputPath = parse.GetValue(_out)!,
            Pooling = ParsePooling(parse.GetValue(_pooling)!),
            BatchSize = parse.GetValue(_batchSize),
            RowGroupSize = parse.GetValue(_rowGroupSize),
            Shard = ShardSpec.Parse(parse.GetValue(_shard)!),
            IntraOpThreads = parse.GetValue(_threads),
            MaxLength = parse.GetValue(_maxLength),
        };
        options.Validate();
        BulkEmbeddingSummary Embed(IProgress<BulkEmbeddingProgress> progress) =>
            BulkEmbedder.RunAsync(options, progress, context.Cancellation).GetAwaiter().GetResult();

        BulkEmbeddingSummary summary;
        try
        {
            summary = context.Interactive && File.Exists(options.InputPath)
                ? BulkProgressDisplay.Live(ExpectedRows(options), Embed)
                : Embed(BulkProgressDisplay.Plain(context.Stdout, TimeSpan.FromSeconds(10)));
        }
        catch (OperationCanceledException)
        {
            throw new OperationCanceledException($"interrupted: {options.OutputPath} was not written (a previous file there is unchanged).");
        }

        context.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {summary.Rows:N0} rows (dim {summary.Dim}, shard {options.Shard}, {summary.Truncated:N0} truncated, {summary.Empty:N0} without tokens) to {summary.OutputPath} in {summary.Elapsed.TotalSeconds:F1} s: {summary.RowsPerSecond:N0} rows/s"));
        return ExitCodes.Success;
    }

    private static PositionalPooling ParsePooling(string text) => text.ToLowerInvariant() switch
    {
        "mean" => PositionalPooling.Mean,
        "max" => PositionalPooling.Max,
        "first" => PositionalPooling.First,
        _ => throw new UsageException($"--pooling '{text}': expected mean, max or first."),
    };

    /// <summary>The input's rows for the bar, from its line count (a fast pass; CSV fields with line breaks make it an over-estimate).</summary>
    private static long ExpectedRows(BulkEmbeddingOptions options)
    {
        long lines = 0;
        using var stream = File.OpenRead(options.InputPath);
        Span<byte> buffer = stackalloc byte[1 << 16];
        for (int read; (read = stream.Read(buffer)) > 0;)
        {
            lines += buffer[..read].Count((byte)'\n');
        }

        return options.ResolvedFormat() == Text.TextFileFormat.Lines ? lines : lines - 1;
    }
}
