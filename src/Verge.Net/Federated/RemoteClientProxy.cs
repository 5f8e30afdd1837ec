using Verge.Learning.Federated;
using Verge.Learning.Federated.Rounds;

namespace Verge.Net.Federated;

/// <summary>
/// A device behind gRPC as the round engine sees it: a fit waits in the <see cref="FederationCoordinator"/> until
/// the device polls for it, and completes when the device submits an update the round accepts.
/// </summary>
internal sealed class RemoteClientProxy(FederationCoordinator coordinator, int id) : IClientProxy
{
    public int Id => id;

    public Task<FitReply> FitAsync(FitInstruction instruction, CancellationToken ct) => coordinator.Open(instruction, ct);

    public Task<ExchangeReply> ExchangeAsync(int round, byte[] request, CancellationToken ct) => coordinator.OpenStage(id, round, request, ct);
}
