using System.Diagnostics;
using Grpc.Core;
using Microsoft.ML.OnnxRuntime;
using Verge.Core.Errors;
using Verge.Net.Client;
using Verge.Net.Exits;
using Verge.Net.Links;
using Verge.Net.Protos;
using Verge.Net.Security;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Hosting;

/// <summary>
/// The gRPC face of a node: loads stages, runs them, and forwards a stage's outputs to the next node when it has
/// one, so device → edge → cloud is one call from the device. Malformed requests get InvalidArgument.
/// </summary>
internal sealed class StageNodeService(StageRegistry stages, NodeHostOptions node, InFlightBudget inFlight, TileHaloStore halos) : StageService.StageServiceBase
{
    /// <summary>Identities one stage may name as its callers (each is kept in memory with the stage).</summary>
    private const int MaxCallers = 256;

    /// <summary>The longest profiled stage time a loader may give: a day.</summary>
    private const double MaxTypicalMs = 86_400_000;

    [RequiresRole(TokenRole.Admin)]
    public override Task<LoadStageReply> LoadStage(LoadStageRequest request, ServerCallContext context)
    {
        if (string.IsNullOrEmpty(request.StageId))
            request.StageId = StageRegistry.NewId();
        if (request.Next is { } wanted && !AllowsNextHop(wanted.Url))
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"stage '{request.StageId}': next hop {wanted.Url} is not allowed on node {node.NodeName}; start it with --allow-next-hop {wanted.Url}"));
        if (request.Callers.Count > MaxCallers)
            throw WireErrors.Invalid($"stage '{request.StageId}': {request.Callers.Count} callers named; name at most {MaxCallers} (share one infer token among devices)");
        if (request.Model.IsEmpty)
            throw WireErrors.Invalid($"stage '{request.StageId}': the model is empty");
        if (!(request.TypicalMs >= 0) || request.TypicalMs > MaxTypicalMs)
            throw WireErrors.Invalid($"stage '{request.StageId}': typical_ms {request.TypicalMs} must be between 0 and {MaxTypicalMs} ms");
        var clock = Stopwatch.StartNew();

        StageSession session;
        try
        {
            TimeSpan? typical = request.TypicalMs > 0 ? TimeSpan.FromMilliseconds(request.TypicalMs) : null;
            session = new StageSession(request.Model.ToByteArray(), [.. request.Inputs], [.. request.Outputs], node.Threads, node.Speed, typical, node.Dilation, node.Provider);
        }
        catch (Exception e) when (e is OnnxRuntimeException or ArgumentException or InputException)
        {
            throw WireErrors.Invalid($"stage '{request.StageId}': the model cannot be loaded: {e.Message}");
        }

        NodeClient? next = null;
        try
        {
            if (request.Next is { } hop)
            {
                if (!Enum.IsDefined(hop.Codec))
                    throw WireErrors.Invalid($"stage '{request.StageId}': unknown codec {(int)hop.Codec} for the next hop");
                next = NodeClient.Connect(hop.Url, LinkParameters.Create(hop.BandwidthBps, hop.RttMs), security: NextHopSecurity(context));
            }
        }
        catch (ArgumentException e)
        {
            session.Dispose();
            throw WireErrors.Invalid($"stage '{request.StageId}': bad next hop: {e.Message}");
        }
        catch
        {
            session.Dispose();
            throw;
        }

        StageExit? exit = null;
        if (request.Exit is { } rule)
        {
            if (!session.OutputNames.Contains(rule.Output) || !Enum.IsDefined(rule.Measure) || double.IsNaN(rule.Threshold))
            {
                session.Dispose();
                next?.Dispose();
                throw WireErrors.Invalid($"stage '{request.StageId}': bad exit rule: output '{rule.Output}' (outputs: {string.Join(", ", session.OutputNames)}), measure {(int)rule.Measure}, threshold {rule.Threshold}");
            }
            exit = StageExit.FromWire(rule);
        }
        var encoding = request.Next is { } h ? new TensorEncoding(h.Codec, h.Lz4) : TensorEncoding.Fp32;
        var owner = BearerAuthentication.Caller(context.GetHttpContext()).Identity;
        var stage = new LoadedStage(request.StageId, owner, session, next, request.Next?.StageId, encoding, exit, request.Callers.ToHashSet(StringComparer.Ordinal));
        var put = stages.TryPut(stage, node.Security.MaxStages);
        if (put != StageRegistry.PutResult.Stored)
        {
            stage.Retire();
            throw put == StageRegistry.PutResult.Full
                ? new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"node {node.NodeName} already holds {node.Security.MaxStages} stages; unload one first (or start the node with a larger --max-stages)"))
                : new RpcException(new Status(StatusCode.PermissionDenied,
                    $"stage '{request.StageId}' on node {node.NodeName} belongs to another caller; load under another id (or none, and the node names one)"));
        }
        return Task.FromResult(new LoadStageReply { Node = node.NodeName, LoadMs = clock.Elapsed.TotalMilliseconds, StageId = request.StageId });
    }

    [RequiresRole(TokenRole.Admin)]
    public override Task<UnloadStageReply> UnloadStage(UnloadStageRequest request, ServerCallContext context)
    {
        var owner = BearerAuthentication.Caller(context.GetHttpContext()).Identity;
        return stages.TryRemove(request.StageId, owner) switch
        {
            true => Task.FromResult(new UnloadStageReply()),
            false => throw new RpcException(new Status(StatusCode.PermissionDenied, $"stage '{request.StageId}' on node {node.NodeName} belongs to another caller; only its loader may unload it")),
            null => throw new RpcException(new Status(StatusCode.NotFound, $"stage '{request.StageId}' is not loaded on node {node.NodeName}")),
        };
    }

    private bool AllowsNextHop(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var hop) && node.Security.AllowsNextHop(hop, GrpcHost.ParseAddress(node.Host));

    public override async Task<InferReply> Infer(InferRequest request, ServerCallContext context)
    {
        long started = node.Clock.GetTimestamp();
        var stage = stages.Acquire(request.StageId)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"stage '{request.StageId}' is not loaded on node {node.NodeName}; call LoadStage first"));
        try
        {
            if (!stage.MayRun(BearerAuthentication.Caller(context.GetHttpContext()).Identity))
                throw new RpcException(new Status(StatusCode.PermissionDenied,
                    $"stage '{request.StageId}' on node {node.NodeName} belongs to another caller; run a stage you loaded (or have its loader name you in its callers)"));
            return await InferAsync(stage, request, context, started);
        }
        finally
        {
            stage.Release();
        }
    }

    /// <summary>Checks the request's limits and holds its bytes in the node's in-flight budget while it runs (issue 17).</summary>
    private async Task<InferReply> InferAsync(LoadedStage stage, InferRequest request, ServerCallContext context, long started)
    {
        if (!Enum.IsDefined(request.ReplyCodec))
            throw WireErrors.Invalid($"unknown reply codec {(int)request.ReplyCodec}");

        RequestLimits.CheckElements(request.Inputs, node.Security.MaxRequestElements, node.NodeName);
        long received = request.CalculateSize();
        long held = RequestLimits.CheckDecodedBytes(request.Inputs, node.Security.MaxRequestBytes, node.NodeName) + received;
        if (!inFlight.TryReserve(held))
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"node {node.NodeName} is serving {inFlight.Used} bytes of requests and this one needs {held} more, over its limit of {inFlight.Limit} (--max-inflight-mb); retry when it is less busy"));
        try
        {
            return await RunAsync(stage, request, context, started, received);
        }
        finally
        {
            inFlight.Release(held);
        }
    }

    private async Task<InferReply> RunAsync(LoadedStage stage, InferRequest request, ServerCallContext context, long started, long received)
    {
        if (request.Tile is not null)
            return await TileExchangeCall.RunAsync(stage, request, halos, BearerAuthentication.Caller(context.GetHttpContext()).Identity, node, received);
        var clock = node.Clock;
        var inputs = new FloatTensor[request.Inputs.Count];
        for (int i = 0; i < inputs.Length; i++)
            inputs[i] = TensorCodec.Decode(request.Inputs[i]);

        long computeStarted = clock.GetTimestamp();
        FloatTensor[] outputs;
        try
        {
            // The emulated node's wait must not hold a thread-pool thread: four paced nodes on a host of two cores would starve it.
            outputs = await stage.Session.RunAsync(inputs);
        }
        catch (Exception e) when (e is OnnxRuntimeException or ArgumentException)
        {
            throw WireErrors.Invalid($"stage '{stage.Id}' on {node.NodeName} cannot run frame {request.FrameId}: {e.Message}");
        }
        var compute = clock.GetElapsedTime(computeStarted);

        var timing = new StageTiming
        {
            Node = node.NodeName,
            StageId = stage.Id,
            ComputeMs = compute.TotalMilliseconds,
            BytesReceived = received,
        };
        var reply = new InferReply();
        reply.Timings.Add(timing);
        if (stage.Exit is { } exit)
        {
            // Early exit (DDNN): a confident frame is answered here with the exit alone; otherwise the exit stays
            // behind and only the continuing features travel on (or, at the last stage, the remaining outputs return).
            if (exit.Leaves(outputs))
            {
                reply.ExitedAt = exit.Output;
                reply.Outputs.Add(TensorCodec.Encode(outputs.First(o => o.Name == exit.Output), new TensorEncoding(request.ReplyCodec, request.ReplyLz4)));
                timing.TotalMs = clock.GetElapsedTime(started).TotalMilliseconds;
                return reply;
            }
            outputs = outputs.Where(o => o.Name != exit.Output).ToArray();
        }
        if (stage.Next is null)
        {
            var encoding = new TensorEncoding(request.ReplyCodec, request.ReplyLz4);
            foreach (var o in outputs)
                reply.Outputs.Add(TensorCodec.Encode(o, encoding));
        }
        else
        {
            var downstream = await ForwardAsync(stage, request, outputs, context);
            reply.Outputs.Add(downstream.Outputs);
            reply.Timings.Add(downstream.Timings);
            reply.ExitedAt = downstream.ExitedAt;
        }
        timing.TotalMs = clock.GetElapsedTime(started).TotalMilliseconds;
        return reply;
    }

    public override Task<PingReply> Ping(PingRequest request, ServerCallContext context) =>
        Task.FromResult(new PingReply { Node = node.NodeName, Role = node.Role, Payload = request.Payload });

    /// <summary>
    /// The next hop is called with this node's trust (--tls-ca) and the loader's own token: whoever may load stages
    /// here loaded the next node's stage too, so the token is valid there and no secret of this node travels.
    /// </summary>
    private ClientSecurity NextHopSecurity(ServerCallContext context)
    {
        var header = context.GetHttpContext().Request.Headers.Authorization.ToString();
        return node.Security.Outbound with { Token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null };
    }

    private async Task<InferReply> ForwardAsync(LoadedStage stage, InferRequest request, FloatTensor[] outputs, ServerCallContext context)
    {
        var forward = new InferRequest
        {
            StageId = stage.NextStageId,
            FrameId = request.FrameId,
            ReplyCodec = request.ReplyCodec,
            ReplyLz4 = request.ReplyLz4,
        };
        foreach (var o in outputs)
            forward.Inputs.Add(TensorCodec.Encode(o, stage.NextEncoding));
        try
        {
            return await stage.Next!.Stages.InferAsync(forward, deadline: context.Deadline, cancellationToken: context.CancellationToken);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"{node.NodeName} cannot reach the next hop {stage.Next!.Url}: {e.Status.Detail}"));
        }
    }
}
