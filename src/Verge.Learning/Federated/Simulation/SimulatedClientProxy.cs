using Verge.Learning.Engine;
using Verge.Learning.Federated.Rounds;

namespace Verge.Learning.Federated.Simulation;

/// <summary>
/// A client in this process on a simulated clock: it really trains (at once, on the caller's thread), and its reply
/// carries the seconds its device would take to download, compute and upload. A device that vanishes is lost for a
/// synchronous round, or comes back a deadline late for an asynchronous strategy. A poisoned client (with an
/// <see cref="PoisonAttack"/>) trains honestly, then alters what it sends.
/// </summary>
public sealed class SimulatedClientProxy(FederatedClient client, ClientProfile profile, long modelBytes, Rng dropRng, SimulatedRoundKind kind,
    double lateSeconds, PoisonAttack? attack = null) : IClientProxy
{
    public int Id => client.Id;
    public FederatedClient Client => client;
    public ClientProfile Profile => profile;

    public Task<FitReply> FitAsync(FitInstruction instruction, CancellationToken ct)
    {
        bool vanishes = kind != SimulatedRoundKind.Asynchronous && dropRng.NextDouble() < profile.DropProbability;
        if (vanishes) return Task.FromResult(FitReply.Lost);
        var envelope = client.Fit(instruction, ct);
        int samples = envelope.Steps * instruction.Config.BatchSize;
        double seconds = kind == SimulatedRoundKind.Decentralized
            ? profile.ComputeSeconds(samples) + profile.RttSeconds + 2.0 * modelBytes / profile.UplinkBytesPerSecond
            : profile.FitSeconds(modelBytes, samples, envelope.Payload.Length);
        if (kind == SimulatedRoundKind.Asynchronous && dropRng.NextDouble() < profile.DropProbability) seconds += lateSeconds;
        return Task.FromResult(new FitReply(attack is null ? envelope : attack.Apply(envelope), seconds));
    }
}
