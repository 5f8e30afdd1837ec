using Grpc.Core;
using Verge.Net.Federated.Protos;

namespace Verge.Net.Federated;

/// <summary>Secure aggregation's stage replies through the <see cref="FederationCoordinator"/>.</summary>
internal sealed partial class FederationService
{
    public override Task<UpdateReply> SubmitSecureAggregation(SecureAggregationReply request, ServerCallContext context)
    {
        CheckSession(request.ClientId, request.Session);
        var reason = coordinator.SubmitStage(request.ClientId, request.Round, request.Message.ToByteArray());
        return Task.FromResult(new UpdateReply { Accepted = reason is null, Reason = reason ?? "" });
    }
}
