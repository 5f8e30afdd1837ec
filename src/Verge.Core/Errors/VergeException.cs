namespace Verge.Core.Errors;

/// <summary>
/// An error a user can cause and fix: a bad file, shape, spec, flag or an unreachable peer.
/// The message says what is wrong and what to do; the CLI prints it on one line and exits with <see cref="ExitCode"/>.
/// </summary>
public class VergeException : Exception
{
    public VergeException(string message, int exitCode = ExitCodes.Input, Exception? inner = null)
        : base(message, inner) => ExitCode = exitCode;

    public int ExitCode { get; }

    /// <summary>
    /// The words in the message that name what the user set or runs, in the library's own terms ("shape override",
    /// "calibration source"); a front end may put its own name for it there (the CLI: its flag). Null when none.
    /// </summary>
    public string? Term { get; init; }
}
