using System.Collections.Concurrent;
using Grpc.Core;
using Verge.Core.Errors;
using Verge.Learning.Engine;
using Verge.Learning.Models;
using Verge.Learning.Privacy.SplitLearning;
using Verge.Net.SplitLearning.Protos;

namespace Verge.Net.SplitLearning;

/// <summary>
/// The edge's split-learning service: one <see cref="SplitTail"/> per session, built from the model and cut the device
/// names; steps and inference run on it one call at a time. A malformed batch is INVALID_ARGUMENT, never a wrong step.
/// </summary>
internal sealed class SplitLearningService(SplitLearningService.Sessions sessions) : Protos.SplitLearning.SplitLearningBase
{
    /// <summary>The server's sessions (one per process; gRPC makes a service object per call).</summary>
    internal sealed class Sessions : ConcurrentDictionary<string, (SplitTail Tail, int[] Shape, SemaphoreSlim Gate)>;

    private readonly Sessions _sessions = sessions;

    public override Task<SplitSession> Configure(SplitConfig request, ServerCallContext context)
    {
        Sequential tail;
        int[] shape;
        try
        {
            var model = TrainableZoo.Create(request.Model, request.Seed);
            if (request.CutAfter < 0 || request.CutAfter >= model.Body.Layers.Count - 1)
                throw new UsageException($"cut after layer {request.CutAfter} is outside {request.Model}'s body; give 0..{model.Body.Layers.Count - 2}");
            var head = new Sequential([.. model.Body.Layers.Take(request.CutAfter + 1)]);
            tail = new Sequential([.. model.Body.Layers.Skip(request.CutAfter + 1)]);
            head.Eval();
            shape = head.Forward(new Tensor([1, .. TrainableModel.ImageShape])).Shape[1..];
        }
        catch (VergeException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
        if (!(request.LearningRate > 0 && request.LearningRate < 10))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"learning rate {request.LearningRate} must be in (0, 10)"));
        var id = Guid.NewGuid().ToString("N");
        _sessions[id] = (new SplitTail(tail, request.LearningRate), shape, new SemaphoreSlim(1, 1));
        var reply = new SplitSession { Session = id };
        reply.Shape.AddRange(shape);
        return Task.FromResult(reply);
    }

    public override async Task<GradientBatch> Step(ActivationBatch request, ServerCallContext context)
    {
        var (tail, shape, gate, n) = Check(request, labelled: true);
        await gate.WaitAsync(context.CancellationToken);
        try
        {
            var (gradient, loss) = await tail.StepAsync([.. request.Data], [n, .. shape], [.. request.Labels], context.CancellationToken);
            var reply = new GradientBatch { Loss = loss };
            reply.Data.AddRange(gradient);
            return reply;
        }
        finally { gate.Release(); }
    }

    public override async Task<LogitBatch> Infer(ActivationBatch request, ServerCallContext context)
    {
        var (tail, shape, gate, n) = Check(request, labelled: false);
        await gate.WaitAsync(context.CancellationToken);
        try
        {
            var reply = new LogitBatch();
            reply.Data.AddRange(await tail.InferAsync([.. request.Data], [n, .. shape], context.CancellationToken));
            return reply;
        }
        finally { gate.Release(); }
    }

    private (SplitTail Tail, int[] Shape, SemaphoreSlim Gate, int N) Check(ActivationBatch request, bool labelled)
    {
        if (!_sessions.TryGetValue(request.Session, out var s))
            throw new RpcException(new Status(StatusCode.FailedPrecondition, "unknown split-learning session; call Configure first"));
        int per = Tensor.Count(s.Shape);
        int n = request.Shape.Count > 0 ? request.Shape[0] : 0;
        if (n < 1 || n > 65_536 || !request.Shape.Skip(1).SequenceEqual(s.Shape) || request.Data.Count != n * per)
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"activations of shape [{string.Join(',', request.Shape)}] with {request.Data.Count} values do not fit the tail's input [N,{string.Join(',', s.Shape)}]"));
        foreach (var v in request.Data)
            if (!float.IsFinite(v)) throw new RpcException(new Status(StatusCode.InvalidArgument, "activations hold a NaN or infinity"));
        if (labelled && (request.Labels.Count != n || request.Labels.Any(l => l < 0 || l >= 1_000)))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"a step needs {n} labels in [0, 1000)"));
        return (s.Tail, s.Shape, s.Gate, n);
    }
}
