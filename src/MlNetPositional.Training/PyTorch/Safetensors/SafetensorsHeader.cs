using System.Buffers.Binary;
using System.Text.Json;

namespace MlNetPositional.Training.PyTorch.Safetensors;

/// <summary>
/// A safetensors header, read and validated field by field as the format specifies, before any
/// tensor is made: an 8-byte little-endian header length N (within the file and the format's 100 MB
/// limit); N bytes of a UTF-8 JSON object (starting with '{', maybe padded with spaces); an optional
/// <c>__metadata__</c> map of strings to strings; for every other name a dtype of the format, a shape
/// of non-negative integers whose byte size does not overflow, and data_offsets [begin, end] with
/// end - begin equal to that byte size; the entries cover the data buffer after the header exactly,
/// without overlap or gap (as safetensors' own reader checks: InvalidHeader, InvalidOffset,
/// TensorInvalidInfo, ValidationOverflow, MetadataIncompleteBuffer). Each refusal is one line naming
/// the file, the tensor and the field.
/// </summary>
internal sealed class SafetensorsHeader
{
    /// <summary>The largest header the format's reference reader accepts, in bytes.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private const string MetadataKey = "__metadata__";

    private readonly string _path;

    private SafetensorsHeader(string path, long dataStart)
    {
        _path = path;
        DataStart = dataStart;
    }

    /// <summary>File offset of the data buffer: 8 + the header length.</summary>
    public long DataStart { get; }

    /// <summary>The tensors in header order.</summary>
    public IReadOnlyList<SafetensorsEntry> Entries { get; private set; } = [];

    /// <summary>Reads and validates the header of the safetensors file open in <paramref name="stream"/>.</summary>
    /// <exception cref="InvalidWeightsException">Any field the format does not allow, named with its tensor.</exception>
    public static SafetensorsHeader Read(Stream stream, string path)
    {
        var fileLength = stream.Length;
        if (fileLength < 8)
        {
            throw HeaderError(path, $"the file is {fileLength} bytes, too short for the 8-byte header length.");
        }

        Span<byte> lengthField = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(lengthField);
        var length = BinaryPrimitives.ReadUInt64LittleEndian(lengthField);
        if (length > MaxHeaderBytes)
        {
            throw HeaderError(path, $"its length field says {length} bytes, more than the format's limit of {MaxHeaderBytes}{(length > (ulong)(fileLength - 8) ? $" (and more than the {fileLength - 8} bytes that follow it)" : "")}.");
        }

        if (length > (ulong)(fileLength - 8))
        {
            throw HeaderError(path, $"its length field says {length} bytes but only {fileLength - 8} follow it in the file.");
        }

        var text = new byte[length];
        stream.ReadExactly(text);
        if (text.Length == 0 || text[0] != (byte)'{')
        {
            throw HeaderError(path, "it does not start with '{': the header must be a JSON object.");
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new InvalidWeightsException(path, $"safetensors header: it is not valid UTF-8 JSON: {e.Message}", e);
        }

        using (json)
        {
            var header = new SafetensorsHeader(path, 8 + (long)length);
            header.Entries = header.ReadEntries(json.RootElement, fileLength - header.DataStart);
            return header;
        }
    }

    private static InvalidWeightsException HeaderError(string path, string reason) => new(path, $"safetensors header: {reason}");

    private InvalidWeightsException TensorError(string name, string reason) => new(_path, $"tensor '{name}': {reason}");

    private List<SafetensorsEntry> ReadEntries(JsonElement root, long dataLength)
    {
        var entries = new List<SafetensorsEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!names.Add(property.Name))
            {
                throw property.Name == MetadataKey
                    ? HeaderError(_path, $"{MetadataKey} appears twice.")
                    : TensorError(property.Name, "the name appears twice in the header.");
            }

            if (property.Name == MetadataKey)
            {
                CheckMetadata(property.Value);
                continue;
            }

            var entry = ReadEntry(property.Name, property.Value, entries.Count);
            if (entry.End > dataLength)
            {
                throw TensorError(entry.Name, $"data_offsets {entry.Offsets} reach past the end of the file: the data buffer after the header holds {dataLength} bytes.");
            }

            entries.Add(entry);
        }

        CheckCoverage(entries, dataLength);
        return entries;
    }

    private void CheckMetadata(JsonElement metadata)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            throw HeaderError(_path, $"{MetadataKey} must map strings to strings; it is {Kind(metadata)}.");
        }

        foreach (var item in metadata.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw HeaderError(_path, $"{MetadataKey} must map strings to strings; its '{item.Name}' is {Kind(item.Value)}.");
            }
        }
    }

    private SafetensorsEntry ReadEntry(string name, JsonElement value, int index)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw TensorError(name, $"its header entry is {Kind(value)}, not an object with dtype, shape and data_offsets.");
        }

        var dtype = ReadDtype(name, value);
        var shape = ReadIntegers(name, value, "shape", "a negative dimension");
        var (begin, end) = ReadOffsets(name, value);

        long bytes;
        try
        {
            var bits = checked(shape.Aggregate(1L, (product, dimension) => checked(product * dimension)) * dtype.Bits);
            if (bits % 8 != 0)
            {
                throw TensorError(name, $"shape {List(shape)} of dtype {dtype.Name} is not a whole number of bytes.");
            }

            bytes = bits / 8;
        }
        catch (OverflowException)
        {
            throw TensorError(name, $"shape {List(shape)} of dtype {dtype.Name} overflows: its byte size exceeds 2^63 - 1.");
        }

        if (begin > end)
        {
            throw TensorError(name, $"data_offsets [{begin}, {end}] end before they begin.");
        }

        if (end - begin != bytes)
        {
            throw TensorError(name, $"data_offsets [{begin}, {end}] span {end - begin} bytes but shape {List(shape)} of dtype {dtype.Name} needs {bytes}.");
        }

        return new SafetensorsEntry(name, dtype, shape, begin, end, index);
    }

    private SafetensorsDtype ReadDtype(string name, JsonElement entry)
    {
        if (!entry.TryGetProperty("dtype", out var dtype))
        {
            throw TensorError(name, "its header entry has no dtype.");
        }

        return dtype.ValueKind == JsonValueKind.String && SafetensorsDtype.Find(dtype.GetString()!) is { } known
            ? known
            : throw TensorError(name, $"dtype {Shorten(dtype.GetRawText())} is not a safetensors dtype ({SafetensorsDtype.Names}).");
    }

    private (long Begin, long End) ReadOffsets(string name, JsonElement entry)
    {
        var offsets = ReadIntegers(name, entry, "data_offsets", "a negative offset");
        return offsets.Length == 2
            ? (offsets[0], offsets[1])
            : throw TensorError(name, $"data_offsets {List(offsets)} must be two offsets, [begin, end].");
    }

    /// <summary>The field as a list of non-negative integers that fit a long.</summary>
    private long[] ReadIntegers(string name, JsonElement entry, string field, string negative)
    {
        if (!entry.TryGetProperty(field, out var list))
        {
            throw TensorError(name, $"its header entry has no {field}.");
        }

        var raw = Shorten(list.GetRawText());
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw TensorError(name, $"{field} {raw} is not a list of non-negative integers.");
        }

        var values = new List<long>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number)
            {
                throw TensorError(name, $"{field} {raw} is not a list of non-negative integers.");
            }

            if (!item.TryGetInt64(out var value))
            {
                var digits = item.GetRawText();
                throw TensorError(name, digits.TrimStart('-').All(char.IsAsciiDigit)
                    ? $"{field} {raw} holds {digits}, which overflows a 64-bit integer."
                    : $"{field} {raw} is not a list of non-negative integers.");
            }

            if (value < 0)
            {
                throw TensorError(name, $"{field} {raw} has {negative} ({value}).");
            }

            values.Add(value);
        }

        return [.. values];
    }

    /// <summary>The entries, in data order, must tile the data buffer: each begins where the one before ends, the last ends at its end.</summary>
    private void CheckCoverage(List<SafetensorsEntry> entries, long dataLength)
    {
        SafetensorsEntry? previous = null;
        long covered = 0;
        foreach (var entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.Begin < covered)
            {
                // Blame the one that comes later in the header; name the one it collides with.
                var (culprit, other) = entry.Index > previous!.Index ? (entry, previous) : (previous, entry);
                throw TensorError(culprit.Name, $"data_offsets {culprit.Offsets} overlap tensor '{other.Name}' {other.Offsets}.");
            }

            if (entry.Begin > covered)
            {
                throw TensorError(entry.Name, $"data_offsets {entry.Offsets} leave bytes [{covered}, {entry.Begin}) of the data buffer to no tensor{(previous is null ? "" : $" (after tensor '{previous.Name}' {previous.Offsets})")}.");
            }

            covered = entry.End;
            if (entry.End > entry.Begin || previous is null)
            {
                previous = entry;
            }
        }

        if (covered != dataLength)
        {
            throw HeaderError(_path, $"the tensors cover {covered} bytes of the data buffer but {dataLength} follow the header: bytes [{covered}, {dataLength}) belong to no tensor.");
        }
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string List(long[] values) => $"[{string.Join(", ", values)}]";

    private static string Shorten(string raw) => raw.Length <= 80 ? raw : raw[..77] + "...";
}
