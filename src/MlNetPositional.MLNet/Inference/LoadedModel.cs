using System.Numerics.Tensors;
using System.Security.Cryptography;
using Google.Protobuf;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;
using DataType = MlNetPositional.Contract.Onnx.Schema.TensorProto.Types.DataType;

namespace MlNetPositional.Inference;

/// <summary>
/// A model file read once and checked before ONNX Runtime sees it: parsed, its metadata read, the
/// contract's tensors present, its tables of the shapes the metadata claims, no weight NaN or
/// infinite. Holds the bytes for the ONNX Runtime session and their SHA-256.
/// </summary>
internal sealed record LoadedModel
{
    private static readonly string[] ContractInputs = [ModelContract.InputIds, ModelContract.AttentionMask];
    private static readonly string[] ContractOutputs = [ModelContract.Embeddings, ModelContract.Pooled];

    private LoadedModel(byte[] bytes, ModelProto model, ModelMetadata metadata, string source, string summaryPath)
    {
        (Bytes, Model, Metadata, Source, SummaryPath) = (bytes, model, metadata, source, summaryPath);
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>The serialised model, as ONNX Runtime takes it.</summary>
    public byte[] Bytes { get; }

    /// <summary>The parsed model.</summary>
    public ModelProto Model { get; }

    /// <summary>Its metadata.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>Names the model in errors: the path as given, or the source named by the caller.</summary>
    public string Source { get; }

    /// <summary>What a summary calls the model: the full path of a file, else the source.</summary>
    public string SummaryPath { get; }

    /// <summary>SHA-256 of <see cref="Bytes"/>, lower-case hex.</summary>
    public string Sha256 { get; }

    /// <summary>Reads <paramref name="path"/> (once) and checks it.</summary>
    /// <exception cref="InvalidOnnxModelException">Missing, unreadable, not ONNX, not ours, or inconsistent.</exception>
    public static LoadedModel FromFile(string path)
    {
        var bytes = OnnxModelFile.ReadBytes(path);
        return Checked(bytes, OnnxModelFile.Parse(bytes, path), path, System.IO.Path.GetFullPath(path));
    }

    /// <exception cref="InvalidOnnxModelException">Not ONNX, not ours, or inconsistent.</exception>
    public static LoadedModel FromBytes(byte[] bytes, string source) => Checked(bytes, OnnxModelFile.Parse(bytes, source), source, source);

    /// <exception cref="InvalidOnnxModelException">Not ours, or inconsistent.</exception>
    public static LoadedModel FromModel(ModelProto model, string source) => Checked(model.ToByteArray(), model, source, source);

    private static LoadedModel Checked(byte[] bytes, ModelProto model, string source, string summaryPath)
    {
        var metadata = OnnxModelFile.ReadMetadata(model, source);
        var inputs = model.Graph.Input.Select(i => i.Name).ToHashSet();
        var outputs = model.Graph.Output.Select(o => o.Name).ToHashSet();
        var missing = ContractInputs.Where(n => !inputs.Contains(n)).Concat(ContractOutputs.Where(n => !outputs.Contains(n))).ToList();
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

        return new LoadedModel(bytes, model, metadata, source, summaryPath);
    }

    /// <summary>
    /// The metadata must describe the graph it travels with: table shapes match vocab_size, max_length
    /// and dim, and no weight is NaN or infinite.
    /// </summary>
    private static void CheckGraphAgreesWithMetadata(ModelProto model, ModelMetadata metadata, string path)
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

        foreach (var tensor in model.Graph.Initializer.Where(t => t.DataType == (int)DataType.Float))
        {
            var values = TensorData.Floats(tensor);
            if (!float.IsFinite(TensorPrimitives.Sum<float>(values)) && values.Any(v => !float.IsFinite(v)))
            {
                throw new InvalidOnnxModelException(path, $"weight '{tensor.Name}' contains NaN or infinity.");
            }
        }
    }
}
