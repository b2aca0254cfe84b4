using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using MlNetPositional.Contract;
using MlNetPositional.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetPositional.Training.PyTorch;

/// <summary>
/// Imports PyTorch token + position embeddings (the seed module, BERT-style, GPT-2-style, an explicit
/// map) or a whole model of this project's own layout. Sizes come from the tensors; id k of the
/// PyTorch model stays id k. A model without [PAD] or [UNK] gets them as new zero rows after its own
/// ids, so no real token moves.
/// </summary>
public static class WeightImporter
{
    private const double BertNormEpsilon = 1e-12;

    /// <summary>Reads and checks the weights and builds the encoder.</summary>
    /// <exception cref="InvalidWeightsException">A missing tensor (the names found are listed), a shape that disagrees, an unsupported dtype, a file that is not a state dict, a vocabulary that does not fit.</exception>
    public static ImportedModel Import(ImportRequest request)
    {
        var path = request.WeightsPath;
        var tensors = StateDictFile.Read(path);
        try
        {
            var layout = request.Layout == WeightLayout.Auto ? Detect(tensors, path) : request.Layout;
            var notes = new List<string>();
            return layout == WeightLayout.MlNetPositional
                ? ImportOwn(request, tensors, notes)
                : ImportEmbeddings(request, layout, tensors, notes);
        }
        catch (ExternalException e)
        {
            // Shapes and dtypes are checked above; what libtorch can still refuse comes from the
            // file's sizes (an allocation, say): one line, its message and backtrace inside.
            throw new InvalidWeightsException(path, $"building the model from its tensors failed in libtorch: {e.Message}", e);
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    private static WeightLayout Detect(Dictionary<string, Tensor> tensors, string path)
    {
        bool Has(string suffix) => tensors.Keys.Any(k => k == suffix || k.EndsWith("." + suffix, StringComparison.Ordinal));
        return tensors.ContainsKey($"{ModelContract.TokenTable}.weight") ? WeightLayout.MlNetPositional
            : tensors.ContainsKey("embed.weight") && tensors.ContainsKey("pos_emb.weight") ? WeightLayout.Seed
            : Has("embeddings.word_embeddings.weight") ? WeightLayout.Bert
            : Has("wte.weight") ? WeightLayout.Gpt2
            : throw new InvalidWeightsException(path,
                $"its tensor names match no known layout (seed, bert, gpt2, mlnet-positional); name the tensors with --layout map --map token=NAME --map position=NAME. The file has: {Names(tensors)}.");
    }

    private static ImportedModel ImportEmbeddings(ImportRequest request, WeightLayout layout, Dictionary<string, Tensor> tensors, List<string> notes)
    {
        var path = request.WeightsPath;
        var roles = EmbeddingRoles.For(layout, tensors, request.Map, path);
        // Converted copies are disposed here; the encoder is created outside any dispose scope, so it outlives this method.
        var converted = new List<Tensor>();
        try
        {
            return ImportEmbeddings(request, layout, roles, tensors, notes, converted);
        }
        finally
        {
            converted.ForEach(t => t.Dispose());
        }
    }

    private static ImportedModel ImportEmbeddings(ImportRequest request, WeightLayout layout, EmbeddingRoles roles, Dictionary<string, Tensor> tensors, List<string> notes, List<Tensor> converted)
    {
        var path = request.WeightsPath;
        Tensor Float32(string name) => WeightImporter.Float32(tensors, name, layout, path, notes, converted);
        var token = Float32(roles.Token);
        var position = Float32(roles.Position);
        if (token.dim() != 2 || position.dim() != 2)
        {
            throw new InvalidWeightsException(path, $"'{roles.Token}' {Shape(token)} and '{roles.Position}' {Shape(position)} must both be tables [rows, dim].");
        }

        var (rows, dim) = ((int)token.shape[0], (int)token.shape[1]);
        if (position.shape[1] != dim)
        {
            throw new InvalidWeightsException(path, $"'{roles.Position}' has shape {Shape(position)} but the token table '{roles.Token}' {Shape(token)} says dim {dim}.");
        }

        var segment = roles.Segment is { } segmentName ? SegmentRow(Float32(segmentName), segmentName, dim, path, notes, converted) : null;
        var (normWeight, normBias) = (roles.NormWeight, roles.NormBias) switch
        {
            (null, null) => ((Tensor?)null, (Tensor?)null),
            ({ } w, { } b) => (Vector(Float32(w), w, dim, path), Vector(Float32(b), b, dim, path)),
            _ => throw new InvalidWeightsException(path, "a LayerNorm needs both its weight and its bias."),
        };

        var vocabulary = ImportedVocabulary.Build(rows, request.VocabularyPath, path, notes);
        var config = new ModelConfig
        {
            VocabSize = vocabulary.Count,
            MaxLength = (int)position.shape[0],
            Dim = dim,
            Positional = PositionalKind.Learned,
            PadId = vocabulary.PadId,
            SegmentRow = segment is not null,
            EmbeddingNorm = normWeight is not null,
            EmbeddingNormEpsilon = normWeight is null ? null : request.NormEpsilon ?? (layout == WeightLayout.Bert ? BertNormEpsilon : null),
        }.Validate(path);

        var encoder = new PositionalEncoder(config);
        encoder.eval();
        using (no_grad())
        {
            var table = encoder.Embedding.TokenTable;
            table.zero_();
            table.narrow(0, 0, rows).copy_(token);
            encoder.Embedding.PositionTable!.copy_(position);
            encoder.Embedding.SegmentRow?.copy_(segment!);
            if (encoder.Embedding.Norm is { } norm)
            {
                norm.weight!.copy_(normWeight!);
                norm.bias!.copy_(normBias!);
            }
        }

        var used = new[] { roles.Token, roles.Position, roles.Segment, roles.NormWeight, roles.NormBias }.OfType<string>().ToHashSet(StringComparer.Ordinal);
        var unused = tensors.Keys.Where(k => !used.Contains(k)).ToList();
        if (unused.Count > 0)
        {
            notes.Add($"left out {unused.Count} tensor(s) that are not token or position embeddings: {string.Join(", ", unused.Take(8))}{(unused.Count > 8 ? ", ..." : "")}.");
        }

        return new ImportedModel(encoder, vocabulary, layout, notes);
    }

    private static ImportedModel ImportOwn(ImportRequest request, Dictionary<string, Tensor> tensors, List<string> notes)
    {
        var path = request.WeightsPath;
        var configPath = request.ConfigPath ?? path + ".config.json";
        if (!File.Exists(configPath))
        {
            throw new InvalidWeightsException(path, $"this project's layout needs the model config; {configPath} does not exist (export-weights writes it next to the weights; or give --config).");
        }

        var config = ModelConfig.FromJson(File.ReadAllText(configPath), configPath);
        var vocabulary = ImportedVocabulary.Read(request.VocabularyPath ?? path + ".vocab.json", path);
        if (vocabulary.Count != config.VocabSize)
        {
            throw new InvalidWeightsException(path, $"the vocabulary has {vocabulary.Count} tokens but the config says vocab_size {config.VocabSize}.");
        }

        var encoder = new PositionalEncoder(config);
        try
        {
            var expected = CanonicalNames.StateDict(encoder);
            var missing = expected.Keys.Where(k => !tensors.ContainsKey(k)).ToList();
            var extra = tensors.Keys.Where(k => !expected.ContainsKey(k)).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                throw new InvalidWeightsException(path, $"it does not match the config's model: missing {string.Join(", ", missing.DefaultIfEmpty("nothing"))}; unexpected {string.Join(", ", extra.DefaultIfEmpty("nothing"))}.");
            }

            var created = new List<Tensor>();
            var converted = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (name, target) in expected)
            {
                var value = Float32(tensors, name, WeightLayout.MlNetPositional, path, notes, created);
                if (!value.shape.SequenceEqual(target.shape))
                {
                    throw new InvalidWeightsException(path, $"'{name}' has shape {Shape(value)}; the config's model needs {Shape(target)}.");
                }

                converted[name] = value;
            }

            encoder.load_state_dict(converted, strict: false);   // every registered name was checked above
            created.ForEach(t => t.Dispose());
            encoder.eval();
            return new ImportedModel(encoder, vocabulary, WeightLayout.MlNetPositional, notes);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>The tensor as float32; half types are converted (and said so), others refused.</summary>
    private static Tensor Float32(Dictionary<string, Tensor> tensors, string name, WeightLayout layout, string path, List<string> notes, List<Tensor> created)
    {
        if (!tensors.TryGetValue(name, out var tensor))
        {
            throw new InvalidWeightsException(path, $"no tensor '{name}' (layout {layout.ToName()}); the file has: {Names(tensors)}.");
        }

        switch (tensor.dtype)
        {
            case ScalarType.Float32:
                return tensor;
            case ScalarType.Float16 or ScalarType.BFloat16:
                notes.Add($"converted '{name}' from {(tensor.dtype == ScalarType.Float16 ? "float16" : "bfloat16")} to float32 (exact).");
                var copy = tensor.to_type(ScalarType.Float32);
                created.Add(copy);
                return copy;
            default:
                throw new InvalidWeightsException(path, $"tensor '{name}' is {tensor.dtype}; only float32, float16 and bfloat16 weights are imported.");
        }
    }

    private static Tensor SegmentRow(Tensor segment, string name, int dim, string path, List<string> notes, List<Tensor> created)
    {
        if (segment.dim() == 2 && segment.shape[1] == dim && segment.shape[0] >= 1)
        {
            notes.Add($"added row 0 of '{name}' to every token (token type 0), before the positions, as BERT does.");
            var row = segment[0];
            created.Add(row);
            return row;
        }

        return Vector(segment, name, dim, path);
    }

    private static Tensor Vector(Tensor tensor, string name, int dim, string path) =>
        tensor.dim() == 1 && tensor.shape[0] == dim
            ? tensor
            : throw new InvalidWeightsException(path, $"'{name}' has shape {Shape(tensor)}; expected [{dim}].");

    private static string Shape(Tensor tensor) => $"[{string.Join(", ", tensor.shape)}]";

    private static string Names(Dictionary<string, Tensor> tensors) =>
        string.Join(", ", tensors.Keys.Order(StringComparer.Ordinal).Take(30)) + (tensors.Count > 30 ? $", ... ({tensors.Count} in all)" : "");

    /// <summary>Which tensor plays which part, per layout.</summary>
    private sealed record EmbeddingRoles(string Token, string Position, string? Segment, string? NormWeight, string? NormBias)
    {
        public static IReadOnlyList<string> MapRoles { get; } = ["token", "position", "segment", "norm-weight", "norm-bias"];

        public static EmbeddingRoles For(WeightLayout layout, Dictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> map, string path)
        {
            string? Optional(string name) => tensors.ContainsKey(name) ? name : null;
            switch (layout)
            {
                case WeightLayout.Seed:
                    return new("embed.weight", "pos_emb.weight", null, null, null);
                case WeightLayout.Bert:
                    var bert = Prefix(tensors, "embeddings.word_embeddings.weight", path) + "embeddings.";
                    var (gamma, beta) = tensors.ContainsKey(bert + "LayerNorm.gamma") ? ("LayerNorm.gamma", "LayerNorm.beta") : ("LayerNorm.weight", "LayerNorm.bias");
                    return new(bert + "word_embeddings.weight", bert + "position_embeddings.weight", Optional(bert + "token_type_embeddings.weight"), Optional(bert + gamma), Optional(bert + beta));
                case WeightLayout.Gpt2:
                    var gpt2 = Prefix(tensors, "wte.weight", path);
                    return new(gpt2 + "wte.weight", gpt2 + "wpe.weight", null, null, null);
                default:
                    var unknown = map.Keys.Where(k => !MapRoles.Contains(k)).ToList();
                    if (unknown.Count > 0 || !map.ContainsKey("token") || !map.ContainsKey("position"))
                    {
                        throw new InvalidWeightsException(path, $"--layout map needs --map token=NAME and --map position=NAME (roles: {string.Join(", ", MapRoles)}){(unknown.Count > 0 ? $"; unknown role(s): {string.Join(", ", unknown)}" : "")}.");
                    }

                    return new(map["token"], map["position"], map.GetValueOrDefault("segment"), map.GetValueOrDefault("norm-weight"), map.GetValueOrDefault("norm-bias"));
            }
        }

        /// <summary>The prefix (e.g. "bert.") of the one tensor named <paramref name="suffix"/>.</summary>
        private static string Prefix(Dictionary<string, Tensor> tensors, string suffix, string path)
        {
            var matches = tensors.Keys.Where(k => k == suffix || k.EndsWith("." + suffix, StringComparison.Ordinal)).ToList();
            return matches.Count switch
            {
                1 => matches[0][..^suffix.Length],
                0 => throw new InvalidWeightsException(path, $"no tensor '{suffix}'; the file has: {Names(tensors)}."),
                _ => throw new InvalidWeightsException(path, $"several tensors end with '{suffix}' ({string.Join(", ", matches)}); name them with --layout map."),
            };
        }
    }
}
