using Google.Protobuf;
using Grpc.Core;
using Verge.Learning.Federated;
using Verge.Net.Federated.Protos;
using Verge.Net.Security;

namespace Verge.Net.Federated;

/// <summary>
/// The federation contract served by an <see cref="AsyncCoordinator"/>: the same Join / NextTask / SubmitUpdate a
/// `verge fl client` already speaks (a poll is a pull of the current weights, an update a push), so the device side
/// needs nothing new. Secure aggregation has no meaning without rounds: UNIMPLEMENTED.
/// </summary>
internal sealed class AsyncFederationService(AsyncCoordinator coordinator) : Protos.Federation.FederationBase
{
    private static readonly TimeSpan PollWait = TimeSpan.FromSeconds(2);

    public override Task<JoinReply> Join(JoinRequest request, ServerCallContext context)
    {
        var o = coordinator.Options;
        var identity = BearerAuthentication.Caller(context.GetHttpContext()).Identity;
        return coordinator.Sessions.Join(request.ClientId, identity, out var session) switch
        {
            ClientSessions.JoinRefusal.BadId => throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"client id {request.ClientId} is negative; join with the id of this device's data share (0 or more)")),
            ClientSessions.JoinRefusal.Taken => throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"client id {request.ClientId} was joined by another caller; join with your own id")),
            ClientSessions.JoinRefusal.Full => throw new RpcException(new Status(StatusCode.ResourceExhausted,
                "the server holds as many clients as it can; join another federation")),
            _ => Task.FromResult(new JoinReply
            {
                Model = o.Model, Codec = o.Codec, Strategy = "async-sgd", Rounds = o.Rounds, BatchSize = o.Settings.Fit.BatchSize, Seed = o.Seed,
                Session = session,
            }),
        };
    }

    public override async Task<TaskReply> NextTask(TaskRequest request, ServerCallContext context)
    {
        CheckSession(request.ClientId, request.Session);
        var fit = await coordinator.NextAsync(request.ClientId, PollWait, context.CancellationToken);
        if (fit is null) return new TaskReply { Kind = TaskReply.Types.Kind.Wait };
        if (ReferenceEquals(fit, AsyncCoordinator.Done)) return new TaskReply { Kind = TaskReply.Types.Kind.Done };
        return new TaskReply
        {
            Kind = TaskReply.Types.Kind.Fit, Round = fit.Round, ModelVersion = fit.ModelVersion,
            Weights = ByteString.CopyFrom(FederationCoordinator.WeightsPayload(fit)),
            LocalSteps = fit.Config.LocalSteps, BatchSize = fit.Config.BatchSize, LearningRate = fit.Config.LearningRate,
            Momentum = fit.Config.Momentum, LocalEpochs = fit.Config.LocalEpochs,
        };
    }

    public override Task<UpdateReply> SubmitUpdate(UpdateRequest request, ServerCallContext context)
    {
        CheckSession(request.ClientId, request.Session);
        var reason = coordinator.Submit(new UpdateEnvelope(request.ClientId, request.Round, request.ModelVersion, request.Payload.ToByteArray(),
            request.Samples, request.Steps, request.TrainLoss));
        return Task.FromResult(new UpdateReply { Accepted = reason is null, Reason = reason ?? "" });
    }

    public override Task<UpdateReply> SubmitSecureAggregation(SecureAggregationReply request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "async-sgd runs no secure aggregation; start the server with --strategy fedavg --secure-aggregation"));

    private void CheckSession(int clientId, string session)
    {
        if (!coordinator.Sessions.Holds(clientId, session))
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"client {clientId} has not joined this server (or its session is from before a restart); call Join and use the session it returns"));
    }
}
