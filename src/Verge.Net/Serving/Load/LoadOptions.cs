using Verge.Net.Security;

namespace Verge.Net.Serving.Load;

/// <summary>
/// What `verge load` sends: to the Open Inference Protocol's gRPC service at <see cref="Url"/>, model
/// <see cref="Model"/>, either <see cref="Concurrency"/> closed-loop clients (each sends its next request when the
/// last is answered) or an open loop at <see cref="Rate"/> requests per second; optionally as frames of
/// <see cref="Streams"/> streams and with a deadline per request.
/// </summary>
public sealed record LoadOptions(string Url, string Model)
{
    public string Version { get; init; } = "";
    public int Concurrency { get; init; } = 1;
    /// <summary>Requests per second in an open loop; null means closed loop at <see cref="Concurrency"/>.</summary>
    public double? Rate { get; init; }
    /// <summary>0: plain requests; otherwise each request is the next frame of one of this many streams.</summary>
    public int Streams { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Stop after sending this many requests (or at <see cref="Duration"/>, whichever comes first); null: no count.</summary>
    public long? Requests { get; init; }
    /// <summary>Sent as the `deadline_ms` parameter and as the gRPC deadline; answers later than it are misses.</summary>
    public double? DeadlineMs { get; init; }
    public int Seed { get; init; } = 1;
    /// <summary>The bearer token to send and the CA to trust for an https:// server.</summary>
    public ClientSecurity Security { get; init; } = ClientSecurity.None;
}
