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
}
