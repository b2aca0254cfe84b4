using System.CommandLine;
using MlNetPositional.Cli.Embed;
using MlNetPositional.Cli.Export;
using MlNetPositional.Cli.Inspect;
using MlNetPositional.Cli.Plot;
using MlNetPositional.Cli.Train;
using MlNetPositional.Contract;
using MlNetPositional.Training.Runs;

namespace MlNetPositional.Cli;

/// <summary>
/// The mlnet-positional command line. Parses, dispatches to a verb, and turns errors into one line
/// on stderr with a documented exit code (<see cref="ExitCodes"/>). Takes its writers as arguments
/// so tests run it in-process.
/// </summary>
public static class CliApp
{
    /// <summary>Runs the CLI and returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool interactive = false, CancellationToken cancellation = default)
    {
        ICliVerb[] verbs = [TrainCommand.Create(), new ExportCommand(), new InspectCommand(), new EmbedCommand(), new BuildModelCommand(), new PlotCommand(),
            new PyTorch.ImportCommand(), new PyTorch.ExportWeightsCommand(), new Resize.ResizeCommand(), new Evaluate.EvaluateCommand(), new PlotStudyCommand(), new EmbedFileCommand(), new Pretrained.AdoptCommand()];
        var root = new RootCommand("Learned positional embeddings for .NET: train with TorchSharp, export to ONNX, use in ML.NET.");
        foreach (var verb in verbs)
        {
            root.Subcommands.Add(verb.Command);
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            stderr.WriteLine($"error: {parse.Errors[0].Message} (see --help)");
            return ExitCodes.BadInput;
        }

        var chosen = verbs.FirstOrDefault(v => v.Command == parse.CommandResult.Command);
        if (chosen is null || parse.Action is not null)
        {
            // --help (of the tool or of a verb), --version, or no verb: verbs have no action of their
            // own, so an action here is System.CommandLine's: let it print what was asked for.
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        }

        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return chosen.Execute(parse, new CliContext(stdout, interactive, interrupt.Token));
        }
        catch (Exception e) when (e is IBadInputException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException e)
        {
            // Training's own wording unless the verb says what an interruption left behind.
            stderr.WriteLine(e.Message.StartsWith("interrupted:", StringComparison.Ordinal) ? e.Message : "interrupted: the last checkpoint is complete; continue with --resume.");
            return ExitCodes.Interrupted;
        }
        catch (TrainingDivergedException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
#pragma warning disable CA1031 // The CLI's last line of defence: one readable line instead of a crash dump.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // A bug, not bad input: keep the details (torch errors carry their native backtrace).
            stderr.WriteLine($"error: unexpected {e.GetType().Name}: {e.Message.Split('\n')[0]}");
            stderr.WriteLine(e.ToString());
            return ExitCodes.Failure;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
