using Google.Protobuf;
using Grpc.Net.Client;
using Verge.Net.Links;
using Verge.Net.Protos;
using Verge.Net.Security;
using Verge.Net.Stages;

namespace Verge.Net.Client;

/// <summary>
/// A gRPC connection to one node over an <see cref="EmulatedLink"/>. Owns the channel (dispose it), not the link:
/// a client that reconnects opens a new <see cref="NodeClient"/> on the same link.
/// </summary>
public sealed class NodeClient : IDisposable
{
    /// <summary>Largest message either side accepts (a large activation tensor fits).</summary>
    public const int MaxMessageBytes = ServerSecurity.DefaultMaxMessageBytes;

    private readonly GrpcChannel _channel;

    private NodeClient(string url, EmulatedLink link, ClientSecurity security)
    {
        Url = url;
        Link = link;
        _channel = GrpcChannel.ForAddress(url, new GrpcChannelOptions
        {
            HttpHandler = link.CreateHandler(security.CreateTransport()),
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxMessageBytes,
            MaxSendMessageSize = MaxMessageBytes,
        });
        Stages = new StageService.StageServiceClient(_channel);
    }

    public string Url { get; }
    public EmulatedLink Link { get; }
    public StageService.StageServiceClient Stages { get; }

    public static NodeClient Connect(string url, LinkParameters link, TimeProvider? clock = null, ClientSecurity? security = null) =>
        Connect(url, new EmulatedLink(link, clock), security);

    /// <summary>Connects over <paramref name="link"/>; <paramref name="security"/> gives the token sent and the CA trusted for https://.</summary>
    public static NodeClient Connect(string url, EmulatedLink link, ClientSecurity? security = null)
    {
        ClientSecurity.CheckUrl(url, "node URL");
        return new NodeClient(url, link, security ?? ClientSecurity.None);
    }

    public async Task<LoadStageReply> LoadStageAsync(StageModel stage, NextHopSpec? next = null, CancellationToken ct = default) =>
        await LoadStageAsync(stage, next, exit: null, ct);

    /// <summary>Loads a stage that answers frames itself when its early exit <paramref name="exit"/> is confident.</summary>
    public async Task<LoadStageReply> LoadStageAsync(StageModel stage, NextHopSpec? next, Exits.StageExit? exit, CancellationToken ct = default)
    {
        var request = new LoadStageRequest { StageId = stage.Id, Model = ByteString.CopyFrom(stage.Model), Exit = exit?.ToWire() };
        request.Inputs.Add(stage.Inputs);
        request.Outputs.Add(stage.Outputs);
        request.Callers.Add(stage.Callers);
        if (stage.Typical is { } typical) request.TypicalMs = typical.TotalMilliseconds;
        if (next is not null)
            request.Next = new NextHop
            {
                Url = next.Url,
                StageId = next.StageId,
                BandwidthBps = double.IsPositiveInfinity(next.Link.BandwidthBitsPerSecond) ? 0 : next.Link.BandwidthBitsPerSecond,
                RttMs = next.Link.Rtt.TotalMilliseconds,
                Codec = next.Encoding.Codec,
                Lz4 = next.Encoding.Lz4,
            };
        return await Stages.LoadStageAsync(request, cancellationToken: ct);
    }

    /// <summary>Frees a stage this caller loaded (the node refuses another caller's).</summary>
    public async Task UnloadStageAsync(string stageId, CancellationToken ct = default) =>
        await Stages.UnloadStageAsync(new UnloadStageRequest { StageId = stageId }, cancellationToken: ct);

    public async Task<InferReply> InferAsync(InferRequest request, TimeSpan? timeout = null, CancellationToken ct = default) =>
        await Stages.InferAsync(request, deadline: Deadline(timeout), cancellationToken: ct);

    /// <summary>One empty round trip over the link; returns the time it took on the link's clock.</summary>
    public async Task<TimeSpan> PingAsync(TimeSpan? timeout = null, CancellationToken ct = default)
    {
        long start = Link.Clock.GetTimestamp();
        await Stages.PingAsync(new PingRequest(), deadline: Deadline(timeout), cancellationToken: ct);
        return Link.Clock.GetElapsedTime(start);
    }

    /// <summary>Echoes <paramref name="bytes"/> of payload there and back (a bandwidth probe); returns the time it took.</summary>
    public async Task<TimeSpan> EchoAsync(int bytes, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var request = new PingRequest { Payload = Google.Protobuf.ByteString.CopyFrom(new byte[bytes]) };
        long start = Link.Clock.GetTimestamp();
        await Stages.PingAsync(request, deadline: Deadline(timeout), cancellationToken: ct);
        return Link.Clock.GetElapsedTime(start);
    }

    public void Dispose() => _channel.Dispose();

    private static DateTime? Deadline(TimeSpan? timeout) => timeout is { } t ? DateTime.UtcNow + t : null;
}
