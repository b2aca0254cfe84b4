namespace MlNetPositional.Cli;

/// <summary>Arguments or input files the CLI cannot use; printed as one line, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message), Contract.IBadInputException;
