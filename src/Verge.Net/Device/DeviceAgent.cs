using Grpc.Core;
using Verge.Core.Errors;
using Verge.Inference.Serving.Streams;
using Verge.Net.Client;
using Verge.Net.Links;
using Verge.Net.Protos;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Device;

/// <summary>
/// The device side of a split model: runs the head locally, sends the crossing tensors to the first remote node
/// over an emulated link, and returns the final outputs with a record of where each part ran. When the node is
/// unreachable it runs the whole model locally, so every frame gets a result, and it retries the node every
/// <see cref="DeviceAgentOptions.RetryEveryFrames"/> frames. With a <see cref="DeviceAgentOptions.ReuseGate"/>, a frame the
/// gate finds unchanged gets the last answer and makes no call. Frames are processed one at a time.
/// </summary>
public sealed class DeviceAgent : IDisposable
{
    private readonly DeviceAgentOptions _options;
    private readonly StageSession _full;
    private readonly StageSession? _head;
    private readonly EmulatedLink _link;
    private NodeClient _remote;
    private bool _everConnected;
    private readonly LinkEstimator _uplink;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly FrameGate? _reuse;
    private FrameResult? _lastAnswer;
    private long _nextFrame, _retryAtFrame;

    private DeviceAgent(DeviceAgentOptions options)
    {
        _options = options;
        _uplink = new LinkEstimator(options.EwmaWeight);
        _reuse = options.ReuseGate is { } g ? new FrameGate(g) : null;
        _full = new StageSession(options.FullModel, intraOpThreads: options.Threads, speed: options.DeviceSpeed, typical: options.FullTypical,
            dilation: options.Dilation, provider: options.Provider);
        try
        {
            if (options.Head is { } h)
                _head = new StageSession(h.Model, h.Inputs, h.Outputs, options.Threads, options.DeviceSpeed, options.HeadTypical, options.Dilation, options.Provider);
            _link = new EmulatedLink(options.Uplink, options.Clock);
            _remote = NodeClient.Connect(options.RemoteUrl, _link, options.Security);
        }
        catch
        {
            _head?.Dispose();
            _full.Dispose();
            throw;
        }
    }

    /// <summary>True while frames are offloaded; false while the agent runs everything locally.</summary>
    public bool Online { get; private set; }
    /// <summary>Frames the reuse gate let through (offloaded, or run locally while offline); all frames without a gate.</summary>
    public long FramesSent { get; private set; }
    /// <summary>Frames answered with the last answer because the reuse gate found them unchanged.</summary>
    public long FramesReused { get; private set; }
    /// <summary>Why the agent last went offline.</summary>
    public string? LastError { get; private set; }
    /// <summary>The emulated uplink; set its <see cref="EmulatedLink.Parameters"/> to follow a bandwidth schedule.</summary>
    public EmulatedLink Link => _link;
    /// <summary>The measured first hop (EWMA of transfers and pings).</summary>
    public LinkEstimate Uplink => _uplink.Current;

    /// <summary>True when the measured first hop moved by more than <paramref name="threshold"/> since <see cref="Rebaseline"/>.</summary>
    public bool NetworkDrifted(double threshold) => _uplink.Drifted(threshold);

    /// <summary>Takes the current estimate as the one the running plan is made for.</summary>
    public void Rebaseline() => _uplink.Rebaseline();

    /// <summary>Opens the sessions and tries the node once (pings, then loads <see cref="DeviceAgentOptions.RemoteStage"/>).</summary>
    public static async Task<DeviceAgent> StartAsync(DeviceAgentOptions options, CancellationToken ct = default)
    {
        var agent = new DeviceAgent(options);
        try
        {
            await agent.TryConnectAsync(ct);
            return agent;
        }
        catch
        {
            agent.Dispose();
            throw;
        }
    }

    public async Task<FrameResult> InferAsync(IReadOnlyList<FloatTensor> inputs, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            long frame = _nextFrame++;
            long start = _options.Clock.GetTimestamp();
            if (_reuse is not null)
            {
                if (inputs.Count != 1) throw new ArgumentException($"the reuse gate compares frames of one input tensor; got {inputs.Count}");
                if (_lastAnswer is { } last && !_reuse.ShouldSend(inputs[0].Data))
                {
                    FramesReused++;
                    return Reuse(frame, last, _options.Clock.GetElapsedTime(start));
                }
            }
            var result = await ComputeAsync(frame, inputs, ct);
            FramesSent++;
            if (_reuse is not null)
            {
                _reuse.Answered(inputs[0].Data);
                _lastAnswer = result;
            }
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _remote.Dispose();
        _head?.Dispose();
        _full.Dispose();
        _gate.Dispose();
    }

    private async Task<FrameResult> ComputeAsync(long frame, IReadOnlyList<FloatTensor> inputs, CancellationToken ct)
    {
        if (!Online && frame >= _retryAtFrame)
            await TryConnectAsync(ct);
        if (Online)
        {
            try
            {
                if (frame > 0 && frame % Math.Max(1, _options.PingEveryFrames) == 0)
                    _uplink.AddRtt(await _remote.PingAsync(_options.CallTimeout, ct));
                return await OffloadAsync(frame, inputs, ct);
            }
            catch (Exception e) when (IsUnreachable(e, ct))
            {
                GoOffline(frame, e);
            }
            catch (RpcException e) when (IsRefusal(e) && e.StatusCode != StatusCode.InvalidArgument)
            {
                // Refused, not gone (issue 17): falling back would hide that the node will not run this device's stage.
                throw new InputException($"node {_remote.Url} refused frame {frame}: {e.Status.Detail}");
            }
        }
        return RunLocally(frame, inputs);
    }

    /// <summary>The last answer again (Glimpse / DeepMon): no call, no bytes; the time is the gate's own.</summary>
    private static FrameResult Reuse(long frame, FrameResult last, TimeSpan gateTime) =>
        new(frame, [.. last.Outputs.Select(t => t with { Data = (float[])t.Data.Clone() })], FrameResult.ReusedTag, false, [],
            gateTime, gateTime, TimeSpan.Zero, TimeSpan.Zero, 0, 0) { Reused = true };

    private async Task<FrameResult> OffloadAsync(long frame, IReadOnlyList<FloatTensor> inputs, CancellationToken ct)
    {
        var clock = _options.Clock;
        long start = clock.GetTimestamp();
        var crossing = inputs;
        var deviceCompute = TimeSpan.Zero;
        if (_head is not null)
        {
            crossing = _head.Run(inputs);
            deviceCompute = clock.GetElapsedTime(start);
        }
        // Noise is added on the device, before the tensors are encoded: nothing clean leaves it.
        if (_options.Noise is { } noise) crossing = noise.Apply(crossing);

        var request = new InferRequest
        {
            StageId = _options.RemoteStageId,
            FrameId = frame,
            ReplyCodec = _options.ReplyEncoding.Codec,
            ReplyLz4 = _options.ReplyEncoding.Lz4,
        };
        foreach (var t in crossing)
            request.Inputs.Add(TensorCodec.Encode(t, _options.Encoding));

        long sent = Link.BytesSent, received = Link.BytesReceived;
        long callStart = clock.GetTimestamp();
        var reply = await _remote.InferAsync(request, _options.CallTimeout, ct);
        var call = clock.GetElapsedTime(callStart);
        long up = Link.BytesSent - sent, down = Link.BytesReceived - received;

        var outputs = new FloatTensor[reply.Outputs.Count];
        for (int i = 0; i < outputs.Length; i++)
            outputs[i] = TensorCodec.Decode(reply.Outputs[i]);
        var nodes = new List<NodeCompute>();
        if (_head is not null)
            nodes.Add(new NodeCompute("device", _options.Head!.Id, deviceCompute, 0));
        var remoteCompute = TimeSpan.Zero;
        foreach (var t in reply.Timings)
        {
            var compute = TimeSpan.FromMilliseconds(t.ComputeMs);
            nodes.Add(new NodeCompute(t.Node, t.StageId, compute, t.BytesReceived));
            remoteCompute += compute;
        }
        if (reply.Timings.Count > 0)
            _uplink.AddTransfer(up + down, call - TimeSpan.FromMilliseconds(reply.Timings[0].TotalMs));

        var total = clock.GetElapsedTime(start);
        var network = total - deviceCompute - remoteCompute;
        var where = string.Join("+", nodes.Select(n => n.Node).Distinct());
        return new FrameResult(frame, outputs, where, false, nodes, total, deviceCompute,
            network > TimeSpan.Zero ? network : TimeSpan.Zero, remoteCompute, up, down);
    }

    private FrameResult RunLocally(long frame, IReadOnlyList<FloatTensor> inputs)
    {
        long start = _options.Clock.GetTimestamp();
        var outputs = _full.Run(inputs);
        var compute = _options.Clock.GetElapsedTime(start);
        return new FrameResult(frame, outputs, FrameResult.FallbackTag, true, [new NodeCompute("device", "full", compute, 0)],
            compute, compute, TimeSpan.Zero, TimeSpan.Zero, 0, 0);
    }

    private async Task TryConnectAsync(CancellationToken ct)
    {
        if (_everConnected)
        {
            // A fresh channel: the old one may hold a dead connection and gRPC's reconnect backoff.
            _remote.Dispose();
            _remote = NodeClient.Connect(_options.RemoteUrl, _link, _options.Security);
        }
        _everConnected = true;
        try
        {
            await _remote.PingAsync(_options.CallTimeout, ct); // opens the connection; its time is not an RTT
            for (int i = 0; i < 2; i++)
                _uplink.AddRtt(await _remote.PingAsync(_options.CallTimeout, ct));
            if (_options.RemoteStage is { } s)
            {
                // Provisioning a model is not inference traffic: it goes over an unshaped control channel, as models
                // are installed on an edge ahead of time rather than pushed through the phone's 3G link.
                using var control = NodeClient.Connect(_options.RemoteUrl, LinkParameters.Unlimited, security: _options.Security);
                await control.LoadStageAsync(s.Stage, s.Next, ct);
            }
            Online = true;
            LastError = null;
        }
        catch (RpcException e) when (IsRefusal(e))
        {
            throw new InputException($"node {_remote.Url} rejected stage '{_options.RemoteStage?.Stage.Id}': {e.Status.Detail}");
        }
        catch (Exception e) when (IsUnreachable(e, ct))
        {
            GoOffline(_nextFrame - 1, e);
        }
    }

    private void GoOffline(long frame, Exception e)
    {
        Online = false;
        LastError = e is RpcException r ? $"{r.StatusCode}: {r.Status.Detail}" : e.Message;
        _retryAtFrame = frame + Math.Max(1, _options.RetryEveryFrames);
    }

    /// <summary>The node answered and said no: a bad request, or a caller it does not let in.</summary>
    private static bool IsRefusal(RpcException e) => e.StatusCode is StatusCode.InvalidArgument or StatusCode.PermissionDenied or StatusCode.Unauthenticated;

    /// <summary>Everything but a rejected request (our own bug) or our own cancellation means "the node is not there now".</summary>
    private static bool IsUnreachable(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested && e switch
        {
            RpcException r => !IsRefusal(r),
            HttpRequestException or IOException => true,
            _ => false,
        };
}
