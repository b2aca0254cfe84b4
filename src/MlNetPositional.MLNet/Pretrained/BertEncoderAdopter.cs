using System.Reflection;
using System.Security.Cryptography;
using Google.Protobuf;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;
using MlNetPositional.Text;
using DataType = MlNetPositional.Contract.Onnx.Schema.TensorProto.Types.DataType;

namespace MlNetPositional.Pretrained;

/// <summary>
/// Adopts a pretrained BERT-family encoder exported to ONNX (all-MiniLM-L6-v2, arctic-embed, ...) as a
/// model of this library's contract, so that everything downstream takes it unchanged: batched ML.NET
/// scoring from raw text, Save and reload, embed-file, the MSTest kit, inspect and the plots.
/// </summary>
/// <remarks>
/// <para>No weight changes: the graph is wrapped. Inputs become the contract's <c>input_ids</c> and
/// <c>attention_mask</c>; <c>token_type_ids</c> (all zeros for one sentence) is made inside the graph;
/// position ids come from the attention mask (each real token's position is the number of real tokens
/// before it), so left and right padding give the same vectors; the outputs are <c>embeddings</c>
/// (the hidden states, pad positions zeroed) and <c>pooled</c> (mean over the mask or the first real
/// token, optionally L2-normalised: see <see cref="BertAdoptionOptions"/>). The token and position
/// tables take the contract's names, their bytes untouched; the opset moves to this library's (17).</para>
/// <para>The metadata carry the config (architecture <c>bert</c>, length limit = the position table's
/// rows), the vocabulary, a <c>wordpiece</c> tokenizer record and an <see cref="AdoptionRecord"/>.</para>
/// </remarks>
public static class BertEncoderAdopter
{
    /// <summary>The prefix of every value the adopter adds to a graph.</summary>
    internal const string Prefix = "mlnet_positional.adopt.";

    private static readonly string[] RequiredTokens = [Vocabulary.PadToken, Vocabulary.UnknownToken, "[CLS]", "[SEP]"];

    /// <summary>This library's version, written as the producer version.</summary>
    private static string ProducerVersion { get; } =
        typeof(BertEncoderAdopter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Adopts an encoder held in memory.</summary>
    /// <param name="onnx">The exported encoder (e.g. a Hugging Face model's <c>model.onnx</c>).</param>
    /// <param name="vocabulary">Its WordPiece vocabulary, one token per line (<c>vocab.txt</c>); line k is id k.</param>
    /// <param name="source">The encoder's name or path, for messages and the adoption record.</param>
    /// <param name="options">Pooling, normalisation, accents.</param>
    /// <exception cref="NotBertFamilyException">The graph or the vocabulary is not of the family; every reason is listed.</exception>
    /// <exception cref="InvalidOnnxModelException">The bytes are not an ONNX model.</exception>
    public static AdoptedModel Adopt(byte[] onnx, IReadOnlyList<string> vocabulary, string source, BertAdoptionOptions? options = null)
    {
        options ??= new BertAdoptionOptions();
        var model = OnnxModelFile.Parse(onnx, source);   // edited in place: parsed for this call alone
        var facts = BertFamilyGraph.Recognise(model, source);
        var tokens = CheckVocabulary(vocabulary, facts.VocabSize, source);
        var notes = new List<string>();
        var added = new GraphBuilder("adopted");
        if (OpsetUpgrade.To(model, OnnxVersions.DefaultOpset, added, source) is { } upgrade)
        {
            notes.Add(upgrade);
        }

        BertGraphWrapping.Wrap(model.Graph, facts, options, added, notes);
        var metadata = Metadata(facts, tokens, options, source, onnx);
        model.MetadataProps.Clear();
        model.MetadataProps.AddRange(metadata.ToProperties().Select(p => new StringStringEntryProto { Key = p.Key, Value = p.Value }));
        model.ProducerName = ModelContract.ProducerName;
        model.ProducerVersion = ProducerVersion;
        model.DocString = $"{source} ({facts.Producer}), adopted by MlNetPositional: {facts.Layers} BERT layer(s), dim {facts.Dim}, {options.Pooling.ToString().ToLowerInvariant()} pooling{(options.Normalize ? ", L2-normalised" : "")}.";
        return new AdoptedModel(model.ToByteArray(), metadata, notes);
    }

    /// <summary>
    /// Adopts <paramref name="onnxPath"/> with <paramref name="vocabularyPath"/>, checks in ONNX Runtime that
    /// the adopted graph computes what the original computes (<see cref="BertAdoptionOptions.ParityTolerance"/>),
    /// and only then writes <paramref name="outputPath"/> (atomically: a failure leaves no file).
    /// </summary>
    /// <returns>The adopted model and the parity measured (largest |adopted - original| over unmasked positions of a seeded batch).</returns>
    /// <exception cref="NotBertFamilyException">The graph or the vocabulary is not of the family.</exception>
    /// <exception cref="InvalidOnnxModelException">A file is missing or not ONNX, or the parity check failed.</exception>
    public static (AdoptedModel Model, double Parity) AdoptFile(string onnxPath, string vocabularyPath, string outputPath, BertAdoptionOptions? options = null)
    {
        var onnx = ReadFile(onnxPath);
        var vocabulary = File.Exists(vocabularyPath)
            ? File.ReadAllLines(vocabularyPath)
            : throw new InvalidOnnxModelException(vocabularyPath, "the vocabulary file does not exist.");
        return AdoptAndWrite(onnx, vocabulary, Path.GetFileName(onnxPath), outputPath, options);
    }

    /// <summary>As <see cref="AdoptFile"/>, for an encoder and vocabulary held in memory (e.g. a NuGet package's embedded resources).</summary>
    /// <exception cref="NotBertFamilyException">The graph or the vocabulary is not of the family.</exception>
    /// <exception cref="InvalidOnnxModelException">Not ONNX, or the parity check failed.</exception>
    public static (AdoptedModel Model, double Parity) AdoptAndWrite(byte[] onnx, IReadOnlyList<string> vocabulary, string source, string outputPath, BertAdoptionOptions? options = null)
    {
        options ??= new BertAdoptionOptions();
        var adopted = Adopt(onnx, vocabulary, source, options);
        var parity = AdoptionParity.Measure(onnx, adopted.Bytes, adopted.Metadata.Vocabulary);
        if (!(parity <= options.ParityTolerance))
        {
            throw new InvalidOnnxModelException(source, $"the adopted graph differs from the original by {parity:G3} (tolerance {options.ParityTolerance:G3}) on a seeded batch; nothing was written.");
        }

        Contract.Files.AtomicFile.WriteAllBytes(outputPath, adopted.Bytes);
        return (adopted, parity);
    }

    private static byte[] ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOnnxModelException(path, "the file does not exist.");
        }

        return File.ReadAllBytes(path);
    }

    /// <summary>vocab.txt's lines as a vocabulary: one per row of the token table, unique, non-empty, with the tokens BERT needs.</summary>
    private static Vocabulary CheckVocabulary(IReadOnlyList<string> lines, int tableRows, string source)
    {
        var tokens = lines.ToList();
        while (tokens.Count > 0 && tokens[^1].Length == 0)
        {
            tokens.RemoveAt(tokens.Count - 1);   // the file's last line break
        }

        var problems = new List<string>();
        if (tokens.Count != tableRows)
        {
            problems.Add($"the vocabulary has {tokens.Count} tokens but the token table has {tableRows} rows.");
        }

        if (tokens.FindIndex(string.IsNullOrEmpty) is var empty and >= 0)
        {
            problems.Add($"vocabulary line {empty + 1} is empty.");
        }

        if (tokens.GroupBy(t => t, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            problems.Add($"the vocabulary token '{twice.Key}' appears {twice.Count()} times.");
        }

        var missing = RequiredTokens.Where(t => !tokens.Contains(t)).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"the vocabulary has no {string.Join(", ", missing)}.");
        }

        return problems.Count == 0 ? new Vocabulary(tokens) : throw new NotBertFamilyException(source, problems);
    }

    private static ModelMetadata Metadata(BertGraphFacts facts, Vocabulary vocabulary, BertAdoptionOptions options, string source, byte[] onnx)
    {
        // An uncased vocabulary (bert-base-uncased's and its students') has no ASCII capital outside its [SPECIAL]
        // tokens; it does have some non-ASCII capitals (its lower-casing is Python's), so those say nothing.
        var lowerCase = !vocabulary.Tokens.Any(t => !(t.StartsWith('[') && t.EndsWith(']')) && t.Any(char.IsAsciiLetterUpper));
        var record = new TokenizerRecord(TextTokenizer.WordPiece, lowerCase, options.StripAccents);
        return new ModelMetadata
        {
            Config = new ModelConfig
            {
                Architecture = ModelArchitecture.Bert,
                VocabSize = facts.VocabSize,
                MaxLength = facts.MaxLength,
                Dim = facts.Dim,
                Positional = PositionalKind.Learned,
                Layers = facts.Layers,
                Heads = facts.Heads,
                FeedForwardDim = facts.FeedForwardDim,
                PadId = vocabulary.PadId,
                SegmentRow = facts.HasTokenTypes,
                EmbeddingNorm = true,
                EmbeddingNormEpsilon = facts.NormEpsilon,
                NormEpsilon = facts.NormEpsilon,
            }.Validate($"the config adopted from {source}"),
            Vocabulary = vocabulary,
            ProducerVersion = ProducerVersion,
            Tokenizer = TextTokenizer.WordPieceDescription(record),
            TokenizerRecord = record,
            Adoption = new AdoptionRecord(source, Convert.ToHexStringLower(SHA256.HashData(onnx)), facts.Producer, facts.Opset, facts.HiddenOutput,
                options.Pooling.ToString().ToLowerInvariant(), options.Normalize),
        };
    }
}
