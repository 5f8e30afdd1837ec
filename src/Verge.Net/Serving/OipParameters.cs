using System.Globalization;
using Verge.Inference.Serving.Api;

namespace Verge.Net.Serving;

/// <summary>
/// The request parameters Verge reads, whichever transport carried them: <c>priority</c> (a level, 1 = highest),
/// <c>deadline_ms</c> (a timeout from when the server received the request, see <see cref="RequestClock"/>), <c>stream_id</c> + <c>sequence</c> (a frame of a stream: a newer
/// frame replaces the older queued one). A transport deadline (gRPC's) also applies; the earlier one wins.
/// Values are bool, long, double or string, as both transports carry them; others are ignored, as the protocol asks.
/// </summary>
public static class OipParameters
{
    public const string Priority = "priority", DeadlineMs = "deadline_ms", StreamId = "stream_id", Sequence = "sequence";

    public static InferenceOptions ToOptions(IReadOnlyDictionary<string, object> parameters, DateTimeOffset? deadline = null,
        DateTimeOffset? received = null)
    {
        var options = new InferenceOptions { Deadline = deadline, Received = received };
        if (parameters.TryGetValue(Priority, out var p))
            options = options with { Priority = checked((int)Whole(Priority, p)) };
        if (parameters.TryGetValue(DeadlineMs, out var d))
        {
            double ms = Number(DeadlineMs, d);
            if (!(ms > 0) || !double.IsFinite(ms))
                throw ServingStatus.Invalid($"parameter '{DeadlineMs}': {ms} is not a positive number of milliseconds");
            options = options with { Timeout = TimeSpan.FromMilliseconds(ms) };
        }
        if (parameters.TryGetValue(StreamId, out var s))
            options = options with { StreamId = s as string ?? Convert.ToString(s, CultureInfo.InvariantCulture) };
        if (parameters.TryGetValue(Sequence, out var q))
        {
            if (options.StreamId is null)
                throw ServingStatus.Invalid($"parameter '{Sequence}' without '{StreamId}': give the stream the frame belongs to");
            options = options with { Sequence = Whole(Sequence, q) };
        }
        return options;
    }

    private static long Whole(string key, object value)
    {
        double v = Number(key, value);
        if (v != Math.Floor(v) || Math.Abs(v) > long.MaxValue)
            throw ServingStatus.Invalid($"parameter '{key}': {v} is not a whole number");
        return (long)v;
    }

    private static double Number(string key, object value) => value switch
    {
        long l => l,
        ulong u => u,
        int i => i,
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
        _ => throw ServingStatus.Invalid($"parameter '{key}': '{value}' is not a number"),
    };
}
