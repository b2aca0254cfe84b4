using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Inference;
using MlNetPositional.Scoring;
using MlNetPositional.Text;

namespace MlNetPositional.SavedPipeline;

/// <summary>
/// The stock ML.NET chain that computes what the transform computes, one row per ONNX Runtime call:
/// [MapValueToKey over the model's vocabulary, for text | CopyColumns, for in-place ids] then
/// ApplyOnnxModel over a graph specialised for the column (<see cref="ScoringGraph"/>) [then
/// DropColumns of the temporary column]; for raw text, that chain of the tokens the model's ML.NET
/// tokenizer makes (<see cref="TextTokenizer.MlNetTokens"/>, into a temporary column dropped after
/// it). A fitted transform saves as this chain, so
/// <c>mlContext.Model.Load</c> needs nothing but ML.NET. Built only while saving, and disposed then.
/// </summary>
/// <remarks>
/// The graph goes to ML.NET as bytes in memory. ML.NET's OnnxTransformer still spills them to a file
/// (randomly named, deleted on close) in its context's temp folder; that folder is a private one made
/// for this chain (owner-only permissions, unpredictable name) and removed with it.
/// </remarks>
internal sealed class StockPipeline : IDisposable
{
    private readonly DirectoryInfo _scratch;

    private StockPipeline(ITransformer transformer, DirectoryInfo scratch) => (Transformer, _scratch) = (transformer, scratch);

    /// <summary>The fitted chain.</summary>
    public ITransformer Transformer { get; }

    /// <summary>Builds and fits the chain for the token column of <paramref name="schema"/>; reads no data.</summary>
    /// <exception cref="NotSupportedException">The column is raw text split by a tokenizer stock ML.NET does not have (Tiktoken, WordPiece).</exception>
    public static StockPipeline Fit(PositionalEmbeddingModel model, TransformSettings settings, DataViewSchema schema)
    {
        var rawText = TokenColumn.KindOf(schema, settings.InputColumnName) == TokenColumnKind.RawText
            ? StockTokenizer(model, settings)
            : null;
        var scratch = Directory.CreateTempSubdirectory("mlnet-positional-");
        try
        {
            var ml = new MLContext(seed: 0) { TempFilePath = scratch.FullName };
            return new StockPipeline(rawText is null ? FitTokens(ml, model, settings, schema) : FitRawText(ml, model, settings, schema, rawText), scratch);
        }
        catch
        {
            scratch.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Raw text: the model's ML.NET tokenizer into a temporary token column, the chain of that token
    /// column, then DropColumns of it, so stock ML.NET makes the same tokens the transform made.
    /// </summary>
    private static TransformerChain<ITransformer> FitRawText(MLContext ml, PositionalEmbeddingModel model, TransformSettings settings, DataViewSchema schema, TextTokenizer tokenizer)
    {
        var tokens = UnusedName(schema, TemporaryColumnNames($"{settings.OutputColumnName}.PositionalTokens"));
        var split = tokenizer.MlNetTokens(ml, tokens, settings.InputColumnName)!.Fit(new EmptyDataView(schema));
        var tokenSchema = split.GetOutputSchema(schema);
        var scored = FitTokens(ml, model, settings with { InputColumnName = tokens }, tokenSchema);
        var drop = ml.Transforms.DropColumns(tokens).Fit(new EmptyDataView(scored.GetOutputSchema(tokenSchema)));
        return new TransformerChain<ITransformer>(split, scored, drop);
    }

    /// <summary>The model's tokenizer, when stock ML.NET has it (words, characters).</summary>
    /// <exception cref="NotSupportedException">Tiktoken or WordPiece: no stock ML.NET transform makes their tokens.</exception>
    private static TextTokenizer StockTokenizer(PositionalEmbeddingModel model, TransformSettings settings)
    {
        var tokenizer = TextTokenizer.ForModel(model.Metadata, model.Path);
        return tokenizer.IsMlNetPipeline
            ? tokenizer
            : throw new NotSupportedException(
                $"Cannot save ApplyPositionalEmbedding on the raw-text column '{settings.InputColumnName}': the model '{model.Path}' splits text with '{tokenizer.Name}', "
                + "and a saved pipeline must load with stock ML.NET alone, which has no transform for that tokenizer. Tokenize into a column of token ids first "
                + "(TextTokenizer.ForModel(...).Tokenize and the model's vocabulary, or Microsoft.ML.Tokenizers; a vector of Int64 ids) and save that pipeline, "
                + "or keep using the fitted transformer without saving it.");
    }

    /// <summary>The chain for a token column: [MapValueToKey | CopyColumns] ApplyOnnxModel [DropColumns].</summary>
    private static ITransformer FitTokens(MLContext ml, PositionalEmbeddingModel model, TransformSettings settings, DataViewSchema schema)
    {
        var vocabulary = model.Metadata.Vocabulary;
        var column = TokenColumn.Bind(schema, settings.InputColumnName, vocabulary, () => throw new InvalidOperationException("raw text is split before its tokens are scored."));
        IEstimator<ITransformer>? head = null;
        var graphInput = settings.InputColumnName;
        var lookup = column.KeyToId;
        if (column.Kind == TokenColumnKind.Text)
        {
            graphInput = UnusedName(schema, TemporaryColumnNames(settings.OutputColumnName, forText: true));
            var keyData = ml.Data.LoadFromEnumerable(vocabulary.Tokens.Select(t => new KeyValue { Value = t }));
            head = ml.Transforms.Conversion.MapValueToKey(graphInput, settings.InputColumnName, keyData: keyData);
            // MapValueToKey gives key k for token k-1 and 0 for an unseen token.
            lookup = [vocabulary.UnknownId, .. Enumerable.Range(0, vocabulary.Count).Select(i => (long)i)];
        }
        else if (settings.InputColumnName == settings.OutputColumnName)
        {
            // An ONNX graph cannot take and produce the same name: score a copy, then drop it.
            graphInput = UnusedName(schema, TemporaryColumnNames(settings.OutputColumnName, forText: false));
            head = ml.Transforms.CopyColumns(graphInput, settings.InputColumnName);
        }

        var graph = ScoringGraph.Build(model.Graph, model.Metadata, graphInput, column.Kind, column.FixedLength, lookup, settings, column.KeyRawType, column.Characters);
        using var bytes = new MemoryStream(graph.ToByteArray());
        IEstimator<ITransformer> chain = ml.Transforms.ApplyOnnxModel([settings.OutputColumnName], [graphInput], bytes, gpuDeviceId: null, fallbackToCpu: false);
        if (head is not null)
        {
            chain = head.Append(chain).Append(ml.Transforms.DropColumns(graphInput));
        }

        return chain.Fit(new EmptyDataView(schema));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // A TransformerChain disposes its parts; an OnnxTransformer deletes its spilled file.
        (Transformer as IDisposable)?.Dispose();
        _scratch.Refresh();
        if (_scratch.Exists)
        {
            _scratch.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The names the temporary column may take, in the order they are tried: the text form's keys
    /// (<paramref name="forText"/>) or the copy of in-place ids. A restored transform that has no input
    /// schema finds from them which names the first save saw taken (<see cref="SavedTokenColumn"/>).
    /// </summary>
    internal static IEnumerable<string> TemporaryColumnNames(string outputColumnName, bool forText) =>
        TemporaryColumnNames($"{outputColumnName}.{(forText ? "PositionalKeys" : "PositionalIds")}");

    private static IEnumerable<string> TemporaryColumnNames(string wanted)
    {
        yield return wanted;
        for (var n = 1; ; n++)
        {
            yield return $"{wanted}.{n}";
        }
    }

    /// <summary>The first of <paramref name="names"/> not in <paramref name="schema"/>, hidden columns included (DropColumns drops every column of a name).</summary>
    private static string UnusedName(DataViewSchema schema, IEnumerable<string> names)
    {
        var taken = schema.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return names.First(name => !taken.Contains(name));
    }

    private sealed class KeyValue
    {
        public string Value { get; set; } = "";
    }
}
