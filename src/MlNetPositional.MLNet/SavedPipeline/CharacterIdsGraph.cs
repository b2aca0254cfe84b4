using MlNetPositional.Contract.Onnx;
using MlNetPositional.Scoring;
using DataType = MlNetPositional.Contract.Onnx.Schema.TensorProto.Types.DataType;

namespace MlNetPositional.SavedPipeline;

/// <summary>
/// ONNX nodes that do what <see cref="Text.CharacterKeys"/> and <see cref="CharacterIds"/> do in the
/// batched transform, for the saved stock chain (one row per call): ML.NET's character keys (UTF-16
/// code units) become characters, each surrogate pair one code point and each unpaired surrogate
/// U+FFFD, then model ids. The second unit of a pair is dropped, so one character is one position.
/// </summary>
internal static class CharacterIdsGraph
{
    /// <summary>The role of the key-to-id table in the graph; a saved graph holding it reads ML.NET character keys.</summary>
    public const string UnitIdsRole = "unit_ids";

    private const long SurrogateBlock = 1024;   // unit / 1024: 54 for a high surrogate (D800-DBFF), 55 for a low one (DC00-DFFF)
    private const long HighBlock = 0xD800 / SurrogateBlock;
    private const long LowBlock = 0xDC00 / SurrogateBlock;

    // The code point of a pair (high, low) is 0x10000 + (high - 0xD800) * 1024 + (low - 0xDC00)
    // = high * 1024 + low + PairOffset.
    private const long PairOffset = 0x10000 - (0xD800 * SurrogateBlock) - 0xDC00;

    /// <summary>Adds the nodes; returns the int64 ids, shaped (1, characters).</summary>
    /// <param name="graph">The graph being built.</param>
    /// <param name="units">The row's keys as int64, shaped (1, n).</param>
    /// <param name="characters">The column's character ids.</param>
    /// <param name="prefix">The prefix of every name added.</param>
    public static string Add(GraphBuilder graph, string units, CharacterIds characters, string prefix)
    {
        string Node(string op, string role, params string[] inputs) => graph.Node(op, prefix + role, inputs);
        string Constant(string role, long value) => graph.Int64Constant(prefix + role, value);
        var blockSize = Constant("block_size", SurrogateBlock);
        var (highBlock, lowBlock) = (Constant("high_block", HighBlock), Constant("low_block", LowBlock));
        string InBlock(string values, string block, string role) => Node("Equal", role, Node("Div", role + "_block", values, blockSize), block);

        // The unit after and before each unit (0 past either end), each (1, n) even for n = 0.
        var zero = graph.AddInitializer(prefix + "zero_unit", new long[] { 0 }.AsSpan(), 1, 1);
        var axis1 = Constant("units_axis", 1);
        var next = Node("Slice", "next_unit", graph.Node("Concat", prefix + "with_last", [units, zero], GraphBuilder.Int("axis", 1)), Constant("from_second", 1), Constant("to_end", long.MaxValue), axis1);
        var previous = Node("Slice", "previous_unit", graph.Node("Concat", prefix + "with_first", [zero, units], GraphBuilder.Int("axis", 1)), Constant("from_first", 0), Constant("but_last", -1), axis1);

        var high = InBlock(units, highBlock, "high");
        var low = InBlock(units, lowBlock, "low");
        var pairStart = Node("And", "pair_start", high, InBlock(next, lowBlock, "next_low"));                 // (1, n)
        var pairEnd = Node("And", "pair_end", low, InBlock(previous, highBlock, "previous_high"));            // (1, n)
        var unpaired = Node("And", "unpaired", Node("Or", "surrogate", high, low), Node("Not", "not_in_pair", Node("Or", "in_pair", pairStart, pairEnd)));

        var joined = Node("Add", "joined", Node("Add", "high_low", Node("Mul", "high_shifted", units, blockSize), next), Constant("pair_offset", PairOffset));
        var codePoints = Node("Where", "code_points", pairStart, joined, Node("Where", "replaced", unpaired, Constant("replacement", Text.CharacterKeys.ReplacementCharacter), units));
        var keep = Node("Reshape", "keep", Node("Not", "kept", pairEnd), Constant("flat", -1));               // (n)
        var chars = graph.Node("Compress", prefix + "characters", [codePoints, keep], GraphBuilder.Int("axis", 1)); // (1, m)

        // Basic Multilingual Plane: the key table; one more row, [UNK], for every character past it.
        long[] table = [.. characters.ByUnit, characters.UnknownId];
        var bmp = graph.Node("Gather", prefix + "bmp_ids", [graph.AddInitializer(prefix + UnitIdsRole, table.AsSpan(), table.Length), Node("Min", "bmp_index", chars, Constant("past_bmp", char.MaxValue + 1))], GraphBuilder.Int("axis", 0));
        if (characters.Supplementary.Count == 0)
        {
            return bmp;
        }

        // Past it: the vocabulary's few such characters, matched by comparison (a table of all
        // 1.1 million code points would be 8 MB per saved pipeline). At most one matches: its id - [UNK]
        // summed, plus [UNK].
        var known = characters.Supplementary.OrderBy(p => p.Key).ToList();
        var codes = known.Select(p => (long)p.Key).ToArray();
        var offsets = known.Select(p => p.Value - characters.UnknownId).ToArray();
        // Unsqueeze and ReduceSum take their axes as an input from opset 13; models import 17 or later.
        var column = Node("Unsqueeze", "characters_column", chars, Constant("last_axis", 2));                     // (1, m, 1)
        var matches = graph.Node("Cast", prefix + "matches", [Node("Equal", "is_known", column, graph.AddInitializer(prefix + "known_characters", codes.AsSpan(), codes.Length))], GraphBuilder.Int("to", (long)DataType.Int64)); // (1, m, k)
        var weighted = Node("Mul", "matched_offsets", matches, graph.AddInitializer(prefix + "known_offsets", offsets.AsSpan(), offsets.Length));
        var offset = graph.Node("ReduceSum", prefix + "offset", [weighted, Constant("known_axis", 2)], GraphBuilder.Int("keepdims", 0));   // (1, m)
        var supplementary = Node("Add", "supplementary_ids", offset, Constant("unknown_id", characters.UnknownId));
        return Node("Where", "character_ids", Node("Greater", "past_bmp_mask", chars, Constant("bmp_last", char.MaxValue)), supplementary, bmp);
    }
}
