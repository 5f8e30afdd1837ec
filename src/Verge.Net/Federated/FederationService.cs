using Google.Protobuf;
using Grpc.Core;
using Verge.Learning.Federated;
using Verge.Net.Federated.Protos;
using Verge.Net.Security;

namespace Verge.Net.Federated;

/// <summary>The gRPC face of a <see cref="FederationCoordinator"/>: translates messages, holds no logic of its own.</summary>
internal sealed partial class FederationService(FederationCoordinator coordinator) : Protos.Federation.FederationBase
{
    /// <summary>How long a poll waits for a fit before answering WAIT.</summary>
    private static readonly TimeSpan PollWait = TimeSpan.FromSeconds(2);

    public override Task<JoinReply> Join(JoinRequest request, ServerCallContext context)
    {
        var o = coordinator.Options;
        var identity = BearerAuthentication.Caller(context.GetHttpContext()).Identity;
        var refusal = coordinator.Sessions.Join(request.ClientId, identity, out var session);
        return refusal switch
        {
            ClientSessions.JoinRefusal.BadId => throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"client id {request.ClientId} is negative; join with the id of this device's data share (0 or more)")),
            ClientSessions.JoinRefusal.Taken => throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"client id {request.ClientId} was joined by another caller; join with your own id")),
            ClientSessions.JoinRefusal.Full => throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"the server already holds {o.MaxClients} clients; join another federation")),
            _ => Task.FromResult(new JoinReply
            {
                Model = o.Model, Codec = o.Codec, Strategy = coordinator.Strategy.Name, Rounds = o.Rounds, BatchSize = o.Settings.Fit.BatchSize, Seed = o.Seed,
                Session = session,
            }),
        };
    }

    /// <summary>A poll or update must carry the session its client id joined with (issue 17: ids are not credentials).</summary>
    private void CheckSession(int clientId, string session)
    {
        if (!coordinator.Sessions.Holds(clientId, session))
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"client {clientId} has not joined this server (or its session is from before a restart); call Join and use the session it returns"));
    }

    public override async Task<TaskReply> NextTask(TaskRequest request, ServerCallContext context)
    {
        CheckSession(request.ClientId, request.Session);
        var assignment = await coordinator.NextTaskAsync(request.ClientId, PollWait, context.CancellationToken);
        switch (assignment)
        {
            case FederationCoordinator.Finished:
                return new TaskReply { Kind = TaskReply.Types.Kind.Done };
            case FederationCoordinator.FitAssignment { Instruction: var fit }:
                return new TaskReply
                {
                    Kind = TaskReply.Types.Kind.Fit, Round = fit.Round, ModelVersion = fit.ModelVersion,
                    Weights = ByteString.CopyFrom(FederationCoordinator.WeightsPayload(fit)),
                    LocalSteps = fit.Config.LocalSteps, BatchSize = fit.Config.BatchSize, LearningRate = fit.Config.LearningRate,
                    Momentum = fit.Config.Momentum, ElasticAlpha = fit.Config.ElasticAlpha, LocalEpochs = fit.Config.LocalEpochs,
                    SecureAggregation = fit.SecureAggregation is { } masking ? ByteString.CopyFrom(masking) : ByteString.Empty, ClipNorm = fit.Config.ClipNorm,
                };
            case FederationCoordinator.StageAssignment stage:
                return new TaskReply { Kind = TaskReply.Types.Kind.SecureAggregation, Round = stage.Round, SecureAggregation = ByteString.CopyFrom(stage.Request) };
            default:
                return new TaskReply { Kind = TaskReply.Types.Kind.Wait };
        }
    }

    public override Task<UpdateReply> SubmitUpdate(UpdateRequest request, ServerCallContext context)
    {
        CheckSession(request.ClientId, request.Session);
        var envelope = new UpdateEnvelope(request.ClientId, request.Round, request.ModelVersion, request.Payload.ToByteArray(), request.Samples,
            request.Steps, request.TrainLoss);
        var reason = coordinator.Submit(envelope);
        return Task.FromResult(new UpdateReply { Accepted = reason is null, Reason = reason ?? "" });
    }
}
