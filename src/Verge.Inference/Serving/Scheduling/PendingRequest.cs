namespace Verge.Inference.Serving.Scheduling;

/// <summary>
/// One request as the schedulers see it: how many rows it brings, its priority, when it arrived, its deadline,
/// and the stream it belongs to. What it carries (tensors, a completion) is the dispatcher's <see cref="Payload"/>;
/// the scheduling code never looks inside.
/// </summary>
public sealed class PendingRequest
{
    public required long Id { get; init; }

    /// <summary>Rows along the batch dimension (1 for a single image).</summary>
    public int Rows { get; init; } = 1;

    /// <summary>Priority level, 1 the highest; 0 means the model's default level.</summary>
    public int Priority { get; set; }

    public required DateTimeOffset Arrival { get; init; }

    /// <summary>The deadline the client asked for (gRPC deadline, timeout parameter), if any.</summary>
    public DateTimeOffset? RequestedDeadline { get; init; }

    /// <summary>The deadline the queue policy settled on: its default timeout, shortened by the request's own if allowed.</summary>
    public DateTimeOffset? Deadline { get; internal set; }

    /// <summary>Past its deadline under the delay action: kept, but served after every request still in time.</summary>
    public bool Delayed { get; internal set; }

    /// <summary>A stream of frames (a camera, a sensor); a newer frame replaces the stream's queued older one.</summary>
    public string? StreamId { get; init; }

    public long Sequence { get; init; }

    public DateTimeOffset? CaptureTime { get; init; }

    public object? Payload { get; init; }

    public override string ToString() => $"#{Id} p{Priority} rows {Rows}" + (Deadline is { } d ? $" due {d:HH:mm:ss.fff}" : "");
}
