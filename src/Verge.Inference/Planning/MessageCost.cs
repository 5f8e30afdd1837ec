namespace Verge.Inference.Planning;

/// <summary>
/// What one message costs the RPC stack itself, beyond the network: protobuf and tensor encoding, HTTP/2 framing,
/// the server's dispatch. A fixed part per message and a part per megabyte of payload; paid once per link a message
/// crosses. Invisible for a ResNet over 3G, it is most of the latency of a sub-millisecond model offloaded over
/// Wi-Fi. <c>verge run</c> measures it against the nodes it uses (<c>TransportCalibration</c> in Verge.Net).
/// </summary>
public sealed record MessageCost(double FixedMs, double MsPerMegabyte)
{
    public static MessageCost None { get; } = new(0, 0);

    /// <summary>Milliseconds the stack adds to one message of <paramref name="bytes"/> on one link.</summary>
    public double Ms(double bytes) => FixedMs + PayloadMs(bytes);

    /// <summary>The part that grows with the payload.</summary>
    public double PayloadMs(double bytes) => MsPerMegabyte * bytes / 1e6;

    public override string ToString() => $"{FixedMs:0.000} ms + {MsPerMegabyte:0.000} ms/MB per message";
}
