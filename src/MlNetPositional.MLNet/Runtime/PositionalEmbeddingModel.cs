using Microsoft.ML.OnnxRuntime;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using PositionalKind = MlNetPositional.Contract.PositionalKind;
using InvalidOnnxModelException = MlNetPositional.Contract.InvalidOnnxModelException;
using ModelMetadata = MlNetPositional.Contract.ModelMetadata;

namespace MlNetPositional.Runtime;

/// <summary>
/// An exported model loaded into ONNX Runtime, with the checks the graph cannot make for itself:
/// ids are validated against the vocabulary and sequences against the position table before any
/// ONNX Runtime call, so errors name the row, position and value instead of failing inside a kernel.
/// One instance is safe to use from many threads (InferenceSession.Run is).
/// </summary>
public sealed class PositionalEmbeddingModel : IDisposable
{
    private static readonly string[] InputNames = [ModelContract.InputIds, ModelContract.AttentionMask];
    private static readonly string[] OutputNames = [ModelContract.Embeddings, ModelContract.Pooled];
    private static readonly string[] PooledOnly = [ModelContract.Pooled];

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();

    private PositionalEmbeddingModel(InferenceSession session, Contract.Onnx.Schema.ModelProto graph, ModelMetadata metadata, string path)
    {
        (_session, Graph, Metadata, Path) = (session, graph, metadata, path);
    }

    /// <summary>The parsed model, as read (the stock scoring graph is specialised from it).</summary>
    internal Contract.Onnx.Schema.ModelProto Graph { get; }

    /// <summary>What the file says about itself.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>The file the model was loaded from.</summary>
    public string Path { get; }

    /// <summary>Embedding width.</summary>
    public int Dim => Metadata.Config.Dim;

    /// <summary>Longest sequence the model takes.</summary>
    public int MaxLength => Metadata.Config.MaxLength;

    /// <summary>Loads and checks a model file.</summary>
    /// <param name="path">An ONNX file exported by MlNetPositional.</param>
    /// <param name="intraOpThreads">ONNX Runtime threads per call; 0 lets it choose.</param>
    /// <exception cref="InvalidOnnxModelException">Missing file, not ONNX, not ours (names missing keys or tensors), or rejected by ONNX Runtime.</exception>
    public static PositionalEmbeddingModel Load(string path, int intraOpThreads = 0) =>
        Load(ReadBytes(path), path, intraOpThreads);

    /// <summary>Loads and checks a model from bytes; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidOnnxModelException">Not ONNX, not ours, inconsistent, or rejected by ONNX Runtime.</exception>
    public static PositionalEmbeddingModel Load(byte[] bytes, string source, int intraOpThreads = 0)
    {
        var model = OnnxModelFile.Parse(bytes, source);
        var metadata = OnnxModelFile.ReadMetadata(model, source);
        var inputs = model.Graph.Input.Select(i => i.Name).ToHashSet();
        var outputs = model.Graph.Output.Select(o => o.Name).ToHashSet();
        var missing = InputNames.Where(n => !inputs.Contains(n)).Concat(OutputNames.Where(n => !outputs.Contains(n))).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOnnxModelException(source, $"the graph lacks the contract's tensors: {string.Join(", ", missing)}.");
        }

        try
        {
            CheckGraphAgreesWithMetadata(model, metadata, source);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidOnnxModelException(source, e.Message, e);
        }

        using var options = new SessionOptions { IntraOpNumThreads = intraOpThreads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        try
        {
            return new PositionalEmbeddingModel(new InferenceSession(bytes, options), model, metadata, source);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOnnxModelException(source, $"ONNX Runtime cannot load it: {FirstLine(e.Message)}", e);
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

    private static byte[] ReadBytes(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOnnxModelException(path, "the file does not exist.");
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOnnxModelException(path, $"cannot read it: {e.Message}", e);
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

        if (Metadata.Config.Positional.HasLengthLimit())
        {
            SequenceCheck.Length(ids.Length, MaxLength, row);   // rope and alibi models take any length
        }
        for (var t = 0; t < ids.Length; t++)
        {
            SequenceCheck.Id(ids[t], Metadata.Config.VocabSize, row, t);
        }
    }

    /// <summary>Embeds sequences in one ONNX Runtime call (right-padded to the longest).</summary>
    /// <exception cref="PositionalInputException">A sequence fails <see cref="Validate"/>.</exception>
    /// <exception cref="InvalidOnnxModelException">ONNX Runtime fails to run the graph (a damaged file that still loads).</exception>
    public IReadOnlyList<EmbeddingResult> Embed(IReadOnlyList<long[]> sequences)
    {
        var results = new EmbeddingResult[sequences.Count];
        var dim = Dim;
        Run(sequences, includeTokens: true, (row, tokens, pooled) =>
            results[row] = new EmbeddingResult(tokens.ToArray(), pooled.ToArray(), tokens.Length / dim, dim));
        return results;
    }

    /// <summary>
    /// Checks every sequence (<see cref="Validate"/>), then runs them as <see cref="RunChecked"/> does.
    /// </summary>
    /// <exception cref="PositionalInputException">A sequence fails <see cref="Validate"/>.</exception>
    internal void Run(IReadOnlyList<long[]> sequences, bool includeTokens, RowOutputHandler handler)
    {
        for (var row = 0; row < sequences.Count; row++)
        {
            Validate(sequences[row], row);
        }

        RunChecked(sequences, includeTokens, handler);
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

    /// <summary>
    /// The metadata must describe the graph it travels with: table shapes match vocab_size, max_length
    /// and dim, and no weight is NaN or infinite. Checked on the parsed file, before ONNX Runtime sees it.
    /// </summary>
    private static void CheckGraphAgreesWithMetadata(Contract.Onnx.Schema.ModelProto model, ModelMetadata metadata, string path)
    {
        var config = metadata.Config;
        var initializers = model.Graph.Initializer.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        void Expect(string name, long rows, string what)
        {
            if (!initializers.TryGetValue(name, out var table))
            {
                throw new InvalidOnnxModelException(path, $"the graph has no '{name}' table, which its metadata ({what}) requires.");
            }

            if (table.Dims.Count != 2 || table.Dims[0] != rows || table.Dims[1] != config.Dim)
            {
                throw new InvalidOnnxModelException(path,
                    $"the metadata says {what} = {rows} and dim = {config.Dim}, but the graph's '{name}' table is [{string.Join(", ", table.Dims)}].");
            }
        }

        Expect(ModelContract.TokenTable, config.VocabSize, "vocab_size");
        if (config.Positional != PositionalKind.None && !config.Positional.IsRelative())   // rope and alibi have no table
        {
            Expect(ModelContract.PositionTable, config.MaxLength, "max_length");
        }

        foreach (var tensor in model.Graph.Initializer.Where(t => t.DataType == (int)Contract.Onnx.Schema.TensorProto.Types.DataType.Float))
        {
            var values = Contract.Onnx.TensorData.Floats(tensor);
            if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum<float>(values)) && values.Any(v => !float.IsFinite(v)))
            {
                throw new InvalidOnnxModelException(path, $"weight '{tensor.Name}' contains NaN or infinity.");
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
