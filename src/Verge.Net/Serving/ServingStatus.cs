using Grpc.Core;
using Verge.Inference.Serving.Api;

namespace Verge.Net.Serving;

/// <summary>
/// Where a <see cref="ServingError"/> lands on each transport: the gRPC status code and the HTTP status of the REST
/// form (the mapping listed in the serving core's README).
/// </summary>
public static class ServingStatus
{
    public static StatusCode Grpc(ServingError error) => error switch
    {
        ServingError.InvalidInput => StatusCode.InvalidArgument,
        ServingError.ModelNotFound => StatusCode.NotFound,
        ServingError.ModelNotReady => StatusCode.Unavailable,
        ServingError.QueueFull or ServingError.Inadmissible => StatusCode.ResourceExhausted,
        ServingError.TimedOut => StatusCode.DeadlineExceeded,
        ServingError.Superseded => StatusCode.Aborted,
        _ => StatusCode.Internal,
    };

    public static int Http(ServingError error) => error switch
    {
        ServingError.InvalidInput => 400,
        ServingError.ModelNotFound => 404,
        ServingError.ModelNotReady => 503,
        ServingError.QueueFull or ServingError.Inadmissible => 429,
        ServingError.TimedOut => 504,
        ServingError.Superseded => 409,
        _ => 500,
    };

    /// <summary>A request the adapter itself finds malformed (before the server sees it).</summary>
    public static ServingException Invalid(string message) => new(ServingError.InvalidInput, message);
}
