namespace Verge.Inference.Serving.Api;

/// <summary>Why the server did not answer a request with outputs; front ends map these to status codes.</summary>
public enum ServingError
{
    /// <summary>The request itself is wrong: unknown input, wrong type or shape (INVALID_ARGUMENT, 400).</summary>
    InvalidInput,
    /// <summary>No such model or version in the repository (NOT_FOUND, 404).</summary>
    ModelNotFound,
    /// <summary>The model exists but is loading, unloading or failed to load (UNAVAILABLE, 503).</summary>
    ModelNotReady,
    /// <summary>The model's queue is full (RESOURCE_EXHAUSTED, 429).</summary>
    QueueFull,
    /// <summary>The request waited past its deadline (DEADLINE_EXCEEDED, 504).</summary>
    TimedOut,
    /// <summary>Admission control predicted a deadline miss and refused it at once (RESOURCE_EXHAUSTED, 429).</summary>
    Inadmissible,
    /// <summary>A newer frame of its stream replaced it, or a newer one was already queued (ABORTED, 409).</summary>
    Superseded,
    /// <summary>ONNX Runtime failed to run the batch (INTERNAL, 500).</summary>
    ExecutionFailed,
}
