namespace Verge.Core.Errors;

/// <summary>Process exit codes shared by every Verge command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Internal = 1;
    /// <summary>The command line itself is wrong: unknown flag, bad flag value.</summary>
    public const int Usage = 2;
    /// <summary>An input is wrong: missing or corrupt model, bad shape, bad spec, unreachable peer.</summary>
    public const int Input = 3;
}
