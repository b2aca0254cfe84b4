using System.Reflection;
using MlNetPositional.Contract;

namespace MlNetPositional.Cli.Tests;

/// <summary>Every exception type that reports bad input, public or not, carries the one marker the CLI catches.</summary>
[TestClass]
public sealed class BadInputExceptionTests
{
    [TestMethod]
    public void EveryInvalidInputException_IsMarked_AndDivergenceIsNot()
    {
        Assembly[] assemblies =
        [
            typeof(ModelConfig).Assembly,
            typeof(Training.Runs.Trainer).Assembly,
            typeof(PositionalPooling).Assembly,
            typeof(MlNetPositional.Bulk.BulkEmbedder).Assembly,
            typeof(UsageException).Assembly,
        ];
        var exceptions = assemblies.SelectMany(a => a.GetTypes()).Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();

        var unmarked = exceptions.Where(t => t.Name != nameof(Training.Runs.TrainingDivergedException) && !typeof(IBadInputException).IsAssignableFrom(t)).Select(t => t.FullName).ToList();

        Assert.AreEqual(12, exceptions.Count, string.Join(", ", exceptions.Select(t => t.Name)));
        Assert.AreEqual(0, unmarked.Count, string.Join(", ", unmarked));
        Assert.IsFalse(typeof(IBadInputException).IsAssignableFrom(typeof(Training.Runs.TrainingDivergedException)), "divergence is a failure (exit 1), not bad input");
    }
}
