namespace Verge.TestSupport;

/// <summary>How a child process ended and everything it wrote.</summary>
public sealed record ChildResult(int ExitCode, string Stdout, string Stderr);
