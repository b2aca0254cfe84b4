namespace MlNetPositional.Cli;

/// <summary>The process exit codes of every verb.</summary>
public static class ExitCodes
{
    /// <summary>The verb did its job.</summary>
    public const int Success = 0;

    /// <summary>The verb started but failed (e.g. training diverged).</summary>
    public const int Failure = 1;

    /// <summary>Bad arguments or bad input files: nothing was done.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted by Ctrl+C (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
