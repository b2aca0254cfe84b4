namespace MlNetPositional.Cli;

/// <summary>Arguments or input files the CLI cannot use; printed as one line, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message), Contract.IBadInputException;
