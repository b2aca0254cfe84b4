using System.Text.Json;
using MlNetPositional.Contract.Onnx;

namespace MlNetPositional.Cli.Tests.EmbedFile;

/// <summary>What <c>embed --json</c> prints for given rows of token strings: per row, the token embeddings and the pooled vector.</summary>
internal static class EmbedJson
{
    /// <summary>Embeds each non-empty row (tokens cut at the model's max length, looked up in its vocabulary); null for empty rows.</summary>
    public static (float[][] Tokens, float[] Pooled)?[] Run(string model, IReadOnlyList<string[]> rows, int maxLength)
    {
        var vocabulary = ModelFileMetadata.Read(model).Vocabulary;
        var results = new (float[][], float[])?[rows.Count];
        var nonEmpty = Enumerable.Range(0, rows.Count).Where(r => rows[r].Length > 0).ToList();
        foreach (var chunk in nonEmpty.Chunk(200))
        {
            List<string> args = ["embed", "--model", model, "--json"];
            foreach (var r in chunk)
            {
                args.AddRange(["--ids", string.Join(' ', rows[r].Take(maxLength).Select(vocabulary.IdOf))]);
            }

            var embed = CliRunner.Run([.. args]);
            Assert.AreEqual(0, embed.ExitCode, embed.Stderr);
            using var json = JsonDocument.Parse(embed.Stdout);
            var k = 0;
            foreach (var row in json.RootElement.EnumerateArray())
            {
                results[chunk[k++]] = (
                    [.. row.GetProperty("embeddings").EnumerateArray().Select(t => t.EnumerateArray().Select(v => v.GetSingle()).ToArray())],
                    [.. row.GetProperty("pooled").EnumerateArray().Select(v => v.GetSingle())]);
            }
        }

        return results;
    }
}
