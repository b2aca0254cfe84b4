using Microsoft.ML.OnnxRuntime;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;
using ModelMetadata = MlNetPositional.Contract.ModelMetadata;   // not ONNX Runtime's

namespace MlNetPositional.Inference;

/// <summary>
/// An exported model loaded into ONNX Runtime: the one session every scorer in this library works
/// through (the ML.NET transform, a reloaded pipeline, bulk embedding, the MSTest kit, the CLI). Loading
/// parses the file once and keeps what scoring needs: the metadata, the parsed graph (a saved pipeline's
/// stock graph is built from it), the file's SHA-256, how calls share the cores, and the ONNX Runtime
/// session. It adds the checks the graph cannot make for itself: ids are validated against the
/// vocabulary and sequences against the position table before any ONNX Runtime call, so errors name
/// the row, position and value instead of failing inside a kernel.
/// One instance is safe to use from many threads (InferenceSession.Run is).
/// </summary>
public sealed class PositionalEmbeddingModel : IDisposable
{
    private static readonly string[] InputNames = [ModelContract.InputIds, ModelContract.AttentionMask];
    private static readonly string[] OutputNames = [ModelContract.Embeddings, ModelContract.Pooled];
    private static readonly string[] PooledOnly = [ModelContract.Pooled];

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly Lazy<OnnxModelSummary> _summary;

    private PositionalEmbeddingModel(InferenceSession session, LoadedModel loaded, int intraOpThreads, ScoringPlan plan)
    {
        (_session, Graph, Metadata, Path, Sha256, IntraOpThreads, Plan) = (session, loaded.Model, loaded.Metadata, loaded.Source, loaded.Sha256, intraOpThreads, plan);
        var (summaryPath, size) = (loaded.SummaryPath, loaded.Bytes.LongLength);   // not the bytes: ONNX Runtime has its own copy
        _summary = new(() => OnnxModelSummary.Of(Graph, summaryPath, size));
    }

    /// <summary>The parsed model, as read (the stock scoring graph is specialised from it). Not to be changed.</summary>
    internal ModelProto Graph { get; }

    /// <summary>How calls of this model share the cores (fixed when the ONNX Runtime session was made).</summary>
    internal ScoringPlan Plan { get; }

    /// <summary>What the file says about itself.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>The file the model was loaded from, or the source named when it was loaded from a stream, bytes or memory.</summary>
    public string Path { get; }

    /// <summary>SHA-256 of the model's bytes as read (of the file, for a model loaded from one), lower-case hex.</summary>
    public string Sha256 { get; }

    /// <summary>The ONNX Runtime threads per call asked for at load (0: chosen for the model, see <see cref="Load(string, int)"/>).</summary>
    public int IntraOpThreads { get; }

    /// <summary>What <c>inspect</c> shows: inputs, outputs, opset, producer, size, parameters and metadata (computed from the parsed model; no second read).</summary>
    public OnnxModelSummary Summary => _summary.Value;

    /// <summary>Embedding width.</summary>
    public int Dim => Metadata.Config.Dim;

    /// <summary>Longest sequence the model takes.</summary>
    public int MaxLength => Metadata.Config.MaxLength;

    /// <summary>Loads and checks a model file, reading it once.</summary>
    /// <param name="path">An ONNX file exported by MlNetPositional.</param>
    /// <param name="intraOpThreads">
    /// ONNX Runtime threads per call. 0 (default): chosen for the model, as the ML.NET transform
    /// chooses (measured): an encoder gets one thread per call, and <see cref="EmbedPooled"/> runs one
    /// call per core at once; an embedding-only model gets every core in one call.
    /// </param>
    /// <exception cref="InvalidOnnxModelException">Missing file, not ONNX, not ours (names missing keys or tensors), or rejected by ONNX Runtime.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="intraOpThreads"/> is negative.</exception>
    public static PositionalEmbeddingModel Load(string path, int intraOpThreads = 0) =>
        Create(LoadedModel.FromFile(path), intraOpThreads);

    /// <summary>Loads and checks a model from <paramref name="stream"/>, read to its end; <paramref name="source"/> names it in errors.</summary>
    /// <param name="stream">The bytes of an ONNX file exported by MlNetPositional.</param>
    /// <param name="source">Names the model in errors and in <see cref="Path"/>.</param>
    /// <param name="intraOpThreads">ONNX Runtime threads per call (0: chosen for the model, see <see cref="Load(string, int)"/>).</param>
    /// <exception cref="InvalidOnnxModelException">Unreadable, not ONNX, not ours, inconsistent, or rejected by ONNX Runtime.</exception>
    public static PositionalEmbeddingModel Load(Stream stream, string source, int intraOpThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        try
        {
            stream.CopyTo(copy);
        }
        catch (IOException e)
        {
            throw new InvalidOnnxModelException(source, $"cannot read it: {e.Message}", e);
        }

        return Load(copy.ToArray(), source, intraOpThreads);
    }

    /// <summary>Loads and checks a model from bytes; <paramref name="source"/> names it in errors.</summary>
    /// <param name="bytes">An ONNX file exported by MlNetPositional.</param>
    /// <param name="source">Names the model in errors and in <see cref="Path"/>.</param>
    /// <param name="intraOpThreads">ONNX Runtime threads per call (0: chosen for the model, see <see cref="Load(string, int)"/>).</param>
    /// <exception cref="InvalidOnnxModelException">Not ONNX, not ours, inconsistent, or rejected by ONNX Runtime.</exception>
    public static PositionalEmbeddingModel Load(byte[] bytes, string source, int intraOpThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return Create(LoadedModel.FromBytes(bytes, source), intraOpThreads);
    }

    /// <summary>
    /// Loads and checks a model already in memory (e.g. just exported): it is serialised once for ONNX
    /// Runtime, never parsed again. The session keeps <paramref name="model"/>: do not change it afterwards.
    /// </summary>
    /// <param name="model">An ONNX model exported by MlNetPositional.</param>
    /// <param name="source">Names the model in errors and in <see cref="Path"/>.</param>
    /// <param name="intraOpThreads">ONNX Runtime threads per call (0: chosen for the model, see <see cref="Load(string, int)"/>).</param>
    /// <exception cref="InvalidOnnxModelException">Not ours, inconsistent, or rejected by ONNX Runtime.</exception>
    public static PositionalEmbeddingModel Load(ModelProto model, string source, int intraOpThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Create(LoadedModel.FromModel(model, source), intraOpThreads);
    }

    private static PositionalEmbeddingModel Create(LoadedModel loaded, int intraOpThreads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intraOpThreads);
        var plan = ScoringPlan.For(intraOpThreads, loaded.Metadata.Config);
        using var options = new SessionOptions { IntraOpNumThreads = plan.SessionThreads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        try
        {
            return new PositionalEmbeddingModel(new InferenceSession(loaded.Bytes, options), loaded, intraOpThreads, plan);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOnnxModelException(loaded.Source, $"ONNX Runtime cannot load it: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>
    /// Seeded sequences of the model's ordinary tokens (never [PAD] or [UNK]), of lengths
    /// 2..<paramref name="maxLength"/> capped at the model's max length: inputs for checks and golden files.
    /// </summary>
    public IReadOnlyList<long[]> SampleSequences(int count = 8, int maxLength = 8, int seed = 1)
    {
        var vocabulary = Metadata.Vocabulary;
        var ordinary = Enumerable.Range(0, vocabulary.Count).Where(id => id != vocabulary.PadId && id != vocabulary.UnknownId).ToArray();
        var longest = Math.Max(2, Math.Min(maxLength, MaxLength));
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
            Enumerable.Range(0, random.Next(2, longest + 1)).Select(_ => (long)ordinary[random.Next(ordinary.Length)]).ToArray())];
    }

    /// <summary>
    /// Scores a small seeded batch (<see cref="SampleSequences"/>) and checks that ONNX Runtime runs the
    /// graph and that every output is finite: what loading alone cannot show (a graph can load and
    /// still fail, or overflow, when it runs). <c>inspect</c> and the MSTest kit's <c>IsValid</c> call it.
    /// </summary>
    /// <exception cref="InvalidOnnxModelException">ONNX Runtime fails to run the graph, or an output is NaN or infinite (naming row, position and value).</exception>
    public void VerifyScoring(int sequences = 4)
    {
        var results = Embed(SampleSequences(sequences));
        for (var row = 0; row < results.Count; row++)
        {
            var bad = Array.FindIndex(results[row].Embeddings, v => !float.IsFinite(v));
            if (bad >= 0)
            {
                throw new InvalidOnnxModelException(Path,
                    $"it scores to non-finite outputs: {results[row].Embeddings[bad]} at row {row}, position {bad / Dim}, value {bad % Dim} of a seeded sample batch.");
            }
        }
    }

    /// <summary>
    /// Checks one sequence: every id in [0, vocab_size), length in 1..max_length.
    /// </summary>
    /// <exception cref="PositionalInputException">The first problem, naming row, position and value.</exception>
    public void Validate(ReadOnlySpan<long> ids, long row)
    {
        if (ids.Length == 0)
        {
            throw new PositionalInputException($"Row {row} is empty; give at least one token id.", row);
        }

        ValidateIds(ids, Metadata.Config.Positional.HasLengthLimit() ? MaxLength : int.MaxValue, row);   // rope and alibi models take any length
    }

    /// <summary>Embeds sequences in one ONNX Runtime call (right-padded to the longest).</summary>
    /// <exception cref="PositionalInputException">A sequence fails <see cref="Validate"/>.</exception>
    /// <exception cref="InvalidOnnxModelException">ONNX Runtime fails to run the graph (a damaged file that still loads).</exception>
    public IReadOnlyList<EmbeddingResult> Embed(IReadOnlyList<long[]> sequences)
    {
        for (var row = 0; row < sequences.Count; row++)
        {
            Validate(sequences[row], row);
        }

        var results = new EmbeddingResult[sequences.Count];
        var dim = Dim;
        RunChecked(sequences, includeTokens: true, (row, tokens, pooled) =>
            results[row] = new EmbeddingResult(tokens.ToArray(), pooled.ToArray(), tokens.Length / dim, dim));
        return results;
    }

    /// <summary>
    /// The longest sequence <see cref="EmbedPooled"/> takes with <paramref name="options"/>: the model's
    /// position table, or <see cref="ScoringOptions.MaxLength"/> below it; <see cref="int.MaxValue"/>
    /// for a model without a table (rope, alibi) and no MaxLength.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">MaxLength past the model's table, or missing where <see cref="PositionalPooling.None"/> needs it.</exception>
    public int LengthLimit(ScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Inference.LengthLimit.For(options.MaxLength, options.Pooling, Metadata.Config);
    }

    /// <summary>The values <see cref="EmbedPooled"/> writes per sequence: dim, or (for <see cref="PositionalPooling.None"/>) length limit x dim.</summary>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="LengthLimit"/>.</exception>
    public int OutputSize(ScoringOptions options) => Pooler.OutputSize(options.Pooling, Dim, LengthLimit(options));

    /// <summary>
    /// Embeds and pools a batch: each sequence's vector goes to its own array of
    /// <paramref name="outputs"/> (of <see cref="OutputSize"/> values); an empty sequence gives zeros.
    /// Sequences are sorted by length into ONNX Runtime calls within a token budget and a padding share
    /// (<see cref="ScoringOptions.MaxPaddingShare"/>), run concurrently as the model's threads allow;
    /// with a share of 0 a call holds sequences of one length, so a vector does not depend, to the
    /// last bit, on the batch it was scored in. Safe to call from many threads.
    /// </summary>
    /// <param name="sequences">Token ids, each within the vocabulary and the <see cref="LengthLimit"/>.</param>
    /// <param name="outputs">One array per sequence, of <see cref="OutputSize"/> values; overwritten.</param>
    /// <param name="options">Pooling, length limit and padding share; the defaults when null.</param>
    /// <exception cref="PositionalInputException">An id outside the vocabulary or a sequence past the length limit (naming the row); nothing is scored.</exception>
    /// <exception cref="ArgumentException">Not one output per sequence, an output of the wrong size, or options the model cannot take (see <see cref="LengthLimit"/>; a negative padding share).</exception>
    /// <exception cref="InvalidOnnxModelException">ONNX Runtime fails to run the graph.</exception>
    public void EmbedPooled(IReadOnlyList<long[]> sequences, IReadOnlyList<float[]> outputs, ScoringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(outputs);
        options ??= ScoringOptions.Default;
        if (!(options.MaxPaddingShare >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxPaddingShare, "MaxPaddingShare must be 0 or more.");
        }

        var (limit, size) = (LengthLimit(options), OutputSize(options));
        if (outputs.Count != sequences.Count || outputs.Any(o => o is null || o.Length != size))
        {
            throw new ArgumentException($"Give one output array of {size} values per sequence ({sequences.Count}).", nameof(outputs));
        }

        for (var row = 0; row < sequences.Count; row++)
        {
            ValidateIds(sequences[row], limit, row);
        }

        new BatchScorer(this, options.Pooling, limit, options.MaxPaddingShare).Score(sequences, outputs);
    }

    /// <summary>
    /// Runs the model on sequences that the caller has already checked (non-empty, ids in the
    /// vocabulary, within max length) in one ONNX Runtime call and hands each row's outputs to
    /// <paramref name="handler"/> as spans over ONNX Runtime's buffers (valid only during the call),
    /// so callers that only pool copy nothing. With <paramref name="includeTokens"/> false only
    /// <c>pooled</c> is fetched and the token span is empty.
    /// </summary>
    internal void RunChecked(IReadOnlyList<long[]> sequences, bool includeTokens, RowOutputHandler handler)
    {
        if (sequences.Count == 0)
        {
            return;
        }

        var (rows, length, dim) = (sequences.Count, 0, Dim);
        foreach (var sequence in sequences)
        {
            length = Math.Max(length, sequence.Length);
        }

        var ids = new long[rows * length];
        var mask = new long[rows * length];
        Array.Fill(ids, Metadata.Config.PadId);
        for (var row = 0; row < rows; row++)
        {
            sequences[row].CopyTo(ids, row * length);
            mask.AsSpan(row * length, sequences[row].Length).Fill(1);
        }

        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [rows, length]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [rows, length]);
        using var outputs = RunSession([idsValue, maskValue], includeTokens ? OutputNames : PooledOnly);
        var pooled = outputs[includeTokens ? 1 : 0].GetTensorDataAsSpan<float>();
        var embeddings = includeTokens ? outputs[0].GetTensorDataAsSpan<float>() : default;
        for (var row = 0; row < rows; row++)
        {
            var tokens = includeTokens ? embeddings.Slice(row * length * dim, sequences[row].Length * dim) : default;
            handler(row, tokens, pooled.Slice(row * dim, dim));
        }
    }

    /// <summary>Ids in the vocabulary and a length within <paramref name="limit"/>.</summary>
    private void ValidateIds(ReadOnlySpan<long> ids, int limit, long row)
    {
        SequenceCheck.Length(ids.Length, limit, row);
        for (var t = 0; t < ids.Length; t++)
        {
            SequenceCheck.Id(ids[t], Metadata.Config.VocabSize, row, t);
        }
    }

    /// <summary>One ONNX Runtime call; the inputs were checked, so a failure is the graph's, reported as the model's fault.</summary>
    private IDisposableReadOnlyCollection<OrtValue> RunSession(IReadOnlyCollection<OrtValue> inputs, IReadOnlyCollection<string> outputs)
    {
        try
        {
            return _session.Run(_runOptions, InputNames, inputs, outputs);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOnnxModelException(Path, $"ONNX Runtime loads it but cannot run it: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>A native message's first line: the cause, without the call stack some builds append.</summary>
    private static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd();

    /// <inheritdoc />
    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
