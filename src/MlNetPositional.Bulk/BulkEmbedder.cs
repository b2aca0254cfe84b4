using System.Diagnostics;
using System.Globalization;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Files;
using MlNetPositional.Inference;
using MlNetPositional.Text;

namespace MlNetPositional.Bulk;

/// <summary>
/// Embeds a text file into Parquet with an exported model: reads the rows of one shard in file order,
/// tokenises them as the model's tokenizer record says, scores them in batches (rows of equal length
/// share an ONNX Runtime call, so a row's vector does not depend on its neighbours) and streams row groups to a temp
/// file that is renamed over the output only when complete. Memory holds one batch and one row group,
/// whatever the file's size.
/// </summary>
public static class BulkEmbedder
{
    /// <summary>Runs one shard to completion.</summary>
    /// <param name="options">What to embed and where.</param>
    /// <param name="progress">Told after each batch.</param>
    /// <param name="cancellationToken">Stops before the next batch; the output is left as it was.</param>
    /// <exception cref="InvalidBulkInputException">A bad setting, or an output that cannot be written.</exception>
    /// <exception cref="InvalidOnnxModelException">The model cannot be loaded, or has no tokenizer record.</exception>
    /// <exception cref="InvalidTextFileException">The input is missing or lacks a named column.</exception>
    public static async Task<BulkEmbeddingSummary> RunAsync(BulkEmbeddingOptions options, IProgress<BulkEmbeddingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        using var model = PositionalEmbeddingModel.Load(options.ModelPath, options.IntraOpThreads);   // one read: scored and hashed
        // Calls hold rows of one length only: padding changes a row's last bits (ONNX Runtime sums a
        // longer axis in another order; measured: batch sizes 7, 512 and 3000 gave three different files
        // with padded calls, one identical file without), and shards must equal one run bit for bit.
        var scoring = new ScoringOptions { Pooling = options.Pooling, MaxLength = options.MaxLength, MaxPaddingShare = 0 };
        var limit = LengthLimitFor(model, scoring);
        var tokenizer = TextTokenizer.ForModel(model.Metadata, options.ModelPath);
        var file = TextFile.Open(options.InputPath, options.ResolvedFormat(), options.TextColumn, tokenizer, idColumn: options.IdColumn);
        CheckOutputPath(options.OutputPath);

        // Calls hold rows of one length only: padding changes a row's last bits (ONNX Runtime sums a
        // longer axis in another order; measured: batch sizes 7, 512 and 3000 gave three different files
        // with padded calls, one identical file without), and shards must equal one run bit for bit.
        var run = new ShardRun(model, scoring, limit, options, progress, clock);
        var started = false;
        try
        {
            await AtomicFile.WriteAsync(options.OutputPath, async stream =>
            {
                started = true;
                var metadata = FileMetadata(options, model, tokenizer, limit);
                await using var writer = await ParquetEmbeddingWriter.CreateAsync(stream, model.Dim, options.IdColumn is not null, options.RowGroupSize, metadata, cancellationToken);
                await run.WriteAsync(file, writer, cancellationToken);
            }, cancellationToken);
        }
        catch (Exception e) when (!started && e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidBulkInputException($"output '{options.OutputPath}'", $"cannot be written: {e.Message}", e);
        }

        return new BulkEmbeddingSummary(Path.GetFullPath(options.OutputPath), run.Written, run.Read, run.Truncated, run.Empty, model.Dim, clock.Elapsed);
    }

    private static int LengthLimitFor(PositionalEmbeddingModel model, ScoringOptions scoring)
    {
        try
        {
            return model.LengthLimit(scoring);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // The transform's wording, without ArgumentOutOfRangeException's parameter and value lines: here it is a --max-len.
            throw new InvalidBulkInputException($"max length {scoring.MaxLength}", e.Message.Split('\n')[0].Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal), e);
        }
    }

    /// <summary>Refuses an output that can never be a file before any work is done (the folder's writability is tested by creating the temp file).</summary>
    private static void CheckOutputPath(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InvalidBulkInputException($"output '{path}'", "is a folder; give a file name, e.g. embeddings.parquet.");
        }
    }

    private static Dictionary<string, string> FileMetadata(BulkEmbeddingOptions options, PositionalEmbeddingModel model, TextTokenizer tokenizer, int limit) => new()
    {
        [EmbeddingFileSchema.Keys.Dim] = model.Dim.ToString(CultureInfo.InvariantCulture),
        [EmbeddingFileSchema.Keys.Pooling] = options.Pooling.ToString().ToLowerInvariant(),
        [EmbeddingFileSchema.Keys.Shard] = options.Shard.ToString(),
        [EmbeddingFileSchema.Keys.Model] = Path.GetFileName(options.ModelPath),
        [EmbeddingFileSchema.Keys.ModelSha256] = model.Sha256,
        [EmbeddingFileSchema.Keys.Tokenizer] = tokenizer.Name,
        [EmbeddingFileSchema.Keys.MaxLength] = limit == int.MaxValue ? "" : limit.ToString(CultureInfo.InvariantCulture),
    };
}
