namespace Verge.Bench.Fuzz;

/// <summary>What one hostile input did to the program under test.</summary>
public enum Outcome
{
    /// <summary>Refused in one line with exit 2/3, or a gRPC status naming the caller's fault, the service still alive.</summary>
    CleanError,
    /// <summary>Accepted and handled (a mutant can still be a valid model or spec).</summary>
    Success,
    /// <summary>Exit 1, "internal error", more than one line, UNKNOWN/INTERNAL status: a bug, not a crash.</summary>
    InternalError,
    /// <summary>The process died (signal, stack overflow, abort) or a service was down afterwards.</summary>
    Crash,
    /// <summary>No answer within the per-input timeout.</summary>
    Hang,
}
