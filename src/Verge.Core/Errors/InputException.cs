namespace Verge.Core.Errors;

/// <summary>A model, data set, spec or peer that cannot be used as given (exit code 3).</summary>
public sealed class InputException(string message, Exception? inner = null) : VergeException(message, ExitCodes.Input, inner);
