using Verge.Core.Errors;

namespace Verge.Inference.Serving.Api;

/// <summary>A request the server could not answer with outputs; the message says what happened and what to do.</summary>
public sealed class ServingException(ServingError error, string message, Exception? inner = null)
    : VergeException(message, ExitCodes.Input, inner)
{
    public ServingError Error { get; } = error;
}
