using System.CommandLine;
using MlNetPositional.Plots.Study;

namespace MlNetPositional.Cli.Plot;

/// <summary><c>plot-study --in DIR --out DIR</c>: figures and markdown tables of docs/positions-study.sh's CSV files.</summary>
internal sealed class PlotStudyCommand : ICliVerb
{
    private readonly Option<string> _in = new("--in") { Description = "The study's work directory (length.csv, reliance.csv, data.csv).", Required = true };
    private readonly Option<string> _out = new("--out") { Description = "Folder for the PNGs and tables.md.", Required = true };

    /// <summary>Creates the command.</summary>
    public PlotStudyCommand() => Command = new Command("plot-study", "Plot the positions study (docs/positions-study.sh): length generalisation, data efficiency, tables.") { _in, _out };

    /// <inheritdoc />
    public Command Command { get; }

    /// <inheritdoc />
    public int Execute(ParseResult parse, CliContext context)
    {
        var input = parse.GetValue(_in)!;
        if (!Directory.Exists(input))
        {
            throw new UsageException($"--in {input}: the directory does not exist.");
        }

        foreach (var file in StudyPlots.Write(input, parse.GetValue(_out)!))
        {
            context.Stdout.WriteLine($"wrote {file}");
        }

        return ExitCodes.Success;
    }
}
