namespace Verge.Inference.Serving.Api;

/// <summary>
/// How one request wants to be scheduled. All optional: priority 0 takes the model's default level; a deadline
/// (absolute, or a timeout from arrival; the earlier wins) may only shorten the model's default timeout; a stream
/// id with a sequence number makes the request a frame of that stream (a newer frame replaces the older queued one);
/// the capture time feeds the stream's age of information (the arrival time when not given). The timeout counts from
/// <see cref="Received"/>, when the transport got the request, as a gRPC deadline does: the time its body took to
/// arrive and be decoded is already spent when it reaches the queue, and admission must not promise it again.
/// </summary>
public sealed record InferenceOptions
{
    public static InferenceOptions None { get; } = new();

    public int Priority { get; init; }

    public TimeSpan? Timeout { get; init; }

    public DateTimeOffset? Deadline { get; init; }

    public string? StreamId { get; init; }

    public long Sequence { get; init; }

    public DateTimeOffset? CaptureTime { get; init; }

    /// <summary>When the server first saw the request (its headers), on the server's clock; null: when it reaches the queue.</summary>
    public DateTimeOffset? Received { get; init; }
}
