using System.Diagnostics;
using MlNetPositional.Contract;
using MlNetPositional.Inference;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// 10,000 seeded mutations of a valid exported model, fed to the model loader (our reader, our checks,
/// then ONNX Runtime): nothing may crash or hang, and the only exception is the documented one.
/// </summary>
[TestClass]
public sealed class ModelFileFuzzTests
{
    private const int Mutations = 10_000;

    [TestMethod]
    [TestCategory("Long")]
    public void SeededMutations_OnlyInvalidOnnxModelException_WithinTimeBudget()
    {
        var original = File.ReadAllBytes(TestModels.Order);
        var random = new Random(20261128);
        var outcomes = new Dictionary<string, int>();
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < Mutations; i++)
        {
            var mutant = Mutate(original, random);
            string outcome;
            try
            {
                using var model = PositionalEmbeddingModel.Load(mutant, $"mutant {i}", intraOpThreads: 1);
                outcome = "loaded";
            }
            catch (InvalidOnnxModelException)
            {
                outcome = "refused";
            }
            catch (Exception e)
            {
                Assert.Fail($"mutant {i} raised an undocumented {e.GetType().Name}: {e.Message}");
                throw;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.IsTrue(clock.Elapsed < TimeSpan.FromMinutes(5), $"took {clock.Elapsed}");
        Assert.IsTrue(outcomes.GetValueOrDefault("refused") > Mutations / 10, string.Join(", ", outcomes));
        Console.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")) + $" in {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>One of: flip bits, overwrite a run of bytes, truncate, duplicate a chunk, or zero a run.</summary>
    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0:
                for (var k = random.Next(1, 9); k > 0; k--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 1:
                var start = random.Next(bytes.Length);
                for (var k = start; k < Math.Min(bytes.Length, start + random.Next(1, 64)); k++)
                {
                    bytes[k] = (byte)random.Next(256);
                }

                return bytes;
            case 2:
                return bytes[..random.Next(bytes.Length)];
            case 3:
                var from = random.Next(bytes.Length);
                var chunk = bytes[from..Math.Min(bytes.Length, from + random.Next(1, 256))];
                var at = random.Next(bytes.Length);
                return [.. bytes[..at], .. chunk, .. bytes[at..]];
            default:
                var zero = random.Next(bytes.Length);
                Array.Clear(bytes, zero, Math.Min(bytes.Length - zero, random.Next(1, 128)));
                return bytes;
        }
    }
}
