using System.Buffers.Binary;
using System.Text;
using MlNetPositional.Training.PyTorch;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Tests.PyTorch;

/// <summary>
/// Every safetensors header field is checked by our reader, as the format specifies, before any
/// tensor is made; a bad one is refused in one line naming the file, the tensor and the field. The
/// files are the seed layout of issue 22's case 06: a token table [12, 6] and a position table
/// [8, 6] of float32 (288 + 192 bytes of data).
/// </summary>
[TestClass]
public sealed class SafetensorsHeaderTests
{
    private const string Token = """ "embed.weight": {"dtype": "F32", "shape": [12, 6], "data_offsets": [0, 288]} """;

    [TestMethod]
    // The three of case 06 (json.dumps' spacing, as its make.py wrote them).
    [DataRow("negative shape", Token + """, "pos_emb.weight": {"dtype": "F32", "shape": [-8, -6], "data_offsets": [288, 480]}""", 480,
        "tensor 'pos_emb.weight': shape [-8, -6] has a negative dimension (-8).")]
    [DataRow("overflowing shape", Token + """, "pos_emb.weight": {"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [288, 480]}""", 480,
        "tensor 'pos_emb.weight': shape [4294967296, 4294967296] of dtype F32 overflows: its byte size exceeds 2^63 - 1.")]
    [DataRow("overlapping offsets", Token + """, "pos_emb.weight": {"dtype": "F32", "shape": [8, 6], "data_offsets": [0, 192]}""", 480,
        "tensor 'pos_emb.weight': data_offsets [0, 192] overlap tensor 'embed.weight' [0, 288].")]
    // Other members of the kind.
    [DataRow("gap between tensors", Token + """, "pos_emb.weight": {"dtype": "F32", "shape": [8, 6], "data_offsets": [300, 492]}""", 492,
        "tensor 'pos_emb.weight': data_offsets [300, 492] leave bytes [288, 300) of the data buffer to no tensor (after tensor 'embed.weight' [0, 288]).")]
    [DataRow("bytes after the last tensor", Token + """, "pos_emb.weight": {"dtype": "F32", "shape": [8, 6], "data_offsets": [288, 480]}""", 500,
        "safetensors header: the tensors cover 480 bytes of the data buffer but 500 follow the header: bytes [480, 500) belong to no tensor.")]
    [DataRow("offsets past the end of the file", Token + """, "pos_emb.weight": {"dtype": "F32", "shape": [8, 6], "data_offsets": [288, 480]}""", 400,
        "tensor 'pos_emb.weight': data_offsets [288, 480] reach past the end of the file: the data buffer after the header holds 400 bytes.")]
    [DataRow("span that is not numel x itemsize", Token + """, "pos_emb.weight": {"dtype": "F32", "shape": [8, 6], "data_offsets": [288, 400]}""", 400,
        "tensor 'pos_emb.weight': data_offsets [288, 400] span 112 bytes but shape [8, 6] of dtype F32 needs 192.")]
    [DataRow("end before begin", Token + """, "pos_emb.weight": {"dtype": "F32", "shape": [0], "data_offsets": [288, 0]}""", 288,
        "tensor 'pos_emb.weight': data_offsets [288, 0] end before they begin.")]
    [DataRow("three offsets", Token + """, "pos_emb.weight": {"dtype": "F32", "shape": [8, 6], "data_offsets": [288, 480, 500]}""", 480,
        "tensor 'pos_emb.weight': data_offsets [288, 480, 500] must be two offsets, [begin, end].")]
    [DataRow("unknown dtype", Token + """, "pos_emb.weight": {"dtype": "F33", "shape": [8, 6], "data_offsets": [288, 480]}""", 480,
        "tensor 'pos_emb.weight': dtype \"F33\" is not a safetensors dtype (BOOL, U8, I8, ")]
    [DataRow("dtype the format has but TorchSharp lacks", Token + """, "pos_emb.weight": {"dtype": "U32", "shape": [8, 6], "data_offsets": [288, 480]}""", 480,
        "tensor 'pos_emb.weight': dtype U32 is valid safetensors but has no TorchSharp type")]
    [DataRow("shape of text", Token + """, "pos_emb.weight": {"dtype": "F32", "shape": "8x6", "data_offsets": [288, 480]}""", 480,
        "tensor 'pos_emb.weight': shape \"8x6\" is not a list of non-negative integers.")]
    [DataRow("fractional dimension", Token + """, "pos_emb.weight": {"dtype": "F32", "shape": [8, 6.5], "data_offsets": [288, 480]}""", 480,
        "tensor 'pos_emb.weight': shape [8, 6.5] is not a list of non-negative integers.")]
    [DataRow("offset beyond 64 bits", Token + """, "pos_emb.weight": {"dtype": "F32", "shape": [8, 6], "data_offsets": [288, 18446744073709551616]}""", 480,
        "tensor 'pos_emb.weight': data_offsets [288, 18446744073709551616] holds 18446744073709551616, which overflows a 64-bit integer.")]
    [DataRow("missing data_offsets", Token + """, "pos_emb.weight": {"dtype": "F32", "shape": [8, 6]}""", 480,
        "tensor 'pos_emb.weight': its header entry has no data_offsets.")]
    [DataRow("entry that is not an object", Token + """, "pos_emb.weight": [8, 6]""", 480,
        "tensor 'pos_emb.weight': its header entry is an array, not an object with dtype, shape and data_offsets.")]
    [DataRow("name given twice", Token + """, "embed.weight": {"dtype": "F32", "shape": [8, 6], "data_offsets": [288, 480]}""", 480,
        "tensor 'embed.weight': the name appears twice in the header.")]
    [DataRow("metadata that is not strings", """ "__metadata__": {"format": 1}, """ + Token, 288,
        "safetensors header: __metadata__ must map strings to strings; its 'format' is a number.")]
    public void Import_MalformedHeader_OneLineNamingFileTensorAndField(string kind, string entries, int dataBytes, string expected)
    {
        var path = WriteFile(kind, Encoding.UTF8.GetBytes("{" + entries + "}"), dataBytes);

        var error = Assert.ThrowsExactly<InvalidWeightsException>(() => WeightImporter.Import(new ImportRequest { WeightsPath = path }), kind);

        StringAssert.StartsWith(error.Message, path + ": ", kind);
        StringAssert.Contains(error.Message, expected, kind);
        ImportErrorsTests.AssertOneLineWithoutNativeTrace(error.Message);
    }

    [TestMethod]
    [DataRow("length past the end of the file", 10_000L, "{}", "safetensors header: its length field says 10000 bytes but only 2 follow it in the file.")]
    [DataRow("length past the format's limit", 1L << 40, "{}", "safetensors header: its length field says 1099511627776 bytes, more than the format's limit of 100000000 (and more than the 2 bytes that follow it).")]
    [DataRow("header that is not JSON", 9L, "{not json", "safetensors header: it is not valid UTF-8 JSON: ")]
    [DataRow("header that is not an object", 6L, "[1, 2]", "safetensors header: it does not start with '{': the header must be a JSON object.")]
    public void Import_MalformedHeaderLengthOrText_OneLineNamingTheHeader(string kind, long lengthField, string header, string expected)
    {
        var bytes = new byte[8 + Encoding.UTF8.GetByteCount(header)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)lengthField);
        Encoding.UTF8.GetBytes(header, bytes.AsSpan(8));
        var path = Path.Combine(Directory.CreateTempSubdirectory("safetensors-").FullName, "bad.safetensors");
        File.WriteAllBytes(path, bytes);

        var error = Assert.ThrowsExactly<InvalidWeightsException>(() => WeightImporter.Import(new ImportRequest { WeightsPath = path }), kind);

        StringAssert.StartsWith(error.Message, path + ": ", kind);
        StringAssert.Contains(error.Message, expected, kind);
        ImportErrorsTests.AssertOneLineWithoutNativeTrace(error.Message);
    }

    [TestMethod]
    public void Read_EveryValidFormOfTheFormat_GivesTheWrittenValues()
    {
        // Header order unlike data order, metadata, a scalar, an empty tensor, bfloat16, space padding.
        const string Header = """
            {"__metadata__": {"format": "pt"},
             "b.bf16": {"dtype": "BF16", "shape": [2], "data_offsets": [4, 8]},
             "a.scalar": {"dtype": "F32", "shape": [], "data_offsets": [0, 4]},
             "c.empty": {"dtype": "F32", "shape": [0, 6], "data_offsets": [8, 8]},
             "d.table": {"dtype": "F32", "shape": [2, 3], "data_offsets": [8, 32]}}
            """;
        var data = new byte[32];
        BinaryPrimitives.WriteSingleLittleEndian(data, 2.5f);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(4), 0x3F80);   // bfloat16 1.0
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(6), 0xC000);   // bfloat16 -2.0
        for (var i = 0; i < 6; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(8 + (4 * i)), i * 0.5f);
        }

        var path = WriteFile("valid", [.. Encoding.UTF8.GetBytes(Header), .. "   "u8], data);
        var tensors = StateDictFile.Read(path);
        try
        {
            CollectionAssert.AreEqual(new[] { "b.bf16", "a.scalar", "c.empty", "d.table" }, tensors.Keys.ToList(), "header order");
            Assert.AreEqual(2.5f, tensors["a.scalar"].item<float>());
            Assert.AreEqual(0, tensors["a.scalar"].dim());
            Assert.AreEqual(ScalarType.BFloat16, tensors["b.bf16"].dtype);
            using var bf16 = tensors["b.bf16"].to_type(ScalarType.Float32);
            CollectionAssert.AreEqual(new[] { 1f, -2f }, bf16.data<float>().ToArray());
            CollectionAssert.AreEqual(new long[] { 0, 6 }, tensors["c.empty"].shape);
            CollectionAssert.AreEqual(new[] { 0f, 0.5f, 1f, 1.5f, 2f, 2.5f }, tensors["d.table"].data<float>().ToArray());
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    [TestMethod]
    public void Import_RandomBytesNamedSafetensors_SaysSoInOneLine()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("safetensors-").FullName, "random.safetensors");
        var bytes = new byte[256];
        new Random(22).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var error = Assert.ThrowsExactly<InvalidWeightsException>(() => WeightImporter.Import(new ImportRequest { WeightsPath = path }));

        StringAssert.StartsWith(error.Message, path + ": safetensors header: its length field says ");
        ImportErrorsTests.AssertOneLineWithoutNativeTrace(error.Message);
    }

    private static string WriteFile(string kind, byte[] header, int dataBytes)
    {
        // The data of case 06: 0.01 * i as float32, little-endian.
        var data = new byte[dataBytes];
        for (var i = 0; i + 4 <= dataBytes; i += 4)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i), 0.01f * (i / 4));
        }

        return WriteFile(kind, header, data);
    }

    private static string WriteFile(string kind, byte[] header, byte[] data)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("safetensors-").FullName, kind.Replace(' ', '_') + ".safetensors");
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        File.WriteAllBytes(path, [.. length, .. header, .. data]);
        return path;
    }
}
