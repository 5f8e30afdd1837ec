namespace Verge.Core.Errors;

/// <summary>A flag or argument value that cannot be used (exit code 2).</summary>
public sealed class UsageException(string message) : VergeException(message, ExitCodes.Usage);
