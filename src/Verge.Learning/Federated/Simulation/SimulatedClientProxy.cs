using Verge.Learning.Engine;
using Verge.Learning.Federated.Rounds;
using Verge.Learning.Federated.SecureAggregation;

namespace Verge.Learning.Federated.Simulation;

/// <summary>
/// A client in this process on a simulated clock: it really trains (at once, on the caller's thread), and its reply
/// carries the seconds its device would take to download, compute and upload. A device that vanishes is lost for a
/// synchronous round, or comes back a deadline late for an asynchronous strategy. A poisoned client (with an
/// <see cref="PoisonAttack"/>) trains honestly, then alters what it sends. Under secure aggregation it runs a real
/// <see cref="SecAggClient"/>; a device that vanishes does so after sharing its keys, at the fit.
/// </summary>
public sealed class SimulatedClientProxy(FederatedClient client, ClientProfile profile, long modelBytes, Rng dropRng, SimulatedRoundKind kind,
    double lateSeconds, PoisonAttack? attack = null) : IClientProxy, IDisposable
{
    private SecAggClient? _secure;

    public int Id => client.Id;
    public FederatedClient Client => client;
    public ClientProfile Profile => profile;

    public Task<FitReply> FitAsync(FitInstruction instruction, CancellationToken ct)
    {
        bool vanishes = kind != SimulatedRoundKind.Asynchronous && dropRng.NextDouble() < profile.DropProbability;
        if (vanishes) return Task.FromResult(FitReply.Lost);
        UpdateEnvelope envelope;
        try
        {
            envelope = instruction.SecureAggregation is { } request
                ? client.Fit(instruction, ct, delta => Secure().Mask(request, delta))
                : client.Fit(instruction, ct);
        }
        catch (SecureAggregationAbortedException)
        {
            // A client that refuses the server's request drops out of the round; the server's own check says why.
            return Task.FromResult(FitReply.Lost);
        }
        // Adaptive τ's probe (two points) is compute, and its estimates travel with the update.
        int samples = envelope.Steps * instruction.Config.BatchSize + (envelope.Estimate?.ProbeSamples ?? 0);
        double seconds = kind == SimulatedRoundKind.Decentralized
            ? profile.ComputeSeconds(samples) + profile.RttSeconds + 2.0 * modelBytes / profile.UplinkBytesPerSecond
            : profile.FitSeconds(modelBytes, samples, envelope.WireBytes);
        if (kind == SimulatedRoundKind.Asynchronous && dropRng.NextDouble() < profile.DropProbability) seconds += lateSeconds;
        return Task.FromResult(new FitReply(attack is null ? envelope : attack.Apply(envelope), seconds));
    }

    /// <summary>A secure-aggregation stage: one round trip with the request down and the reply up.</summary>
    public Task<ExchangeReply> ExchangeAsync(int round, byte[] request, CancellationToken ct)
    {
        try
        {
            var reply = Secure().Handle(request);
            return Task.FromResult(new ExchangeReply(reply,
                profile.RttSeconds + request.Length / profile.DownlinkBytesPerSecond + reply.Length / profile.UplinkBytesPerSecond));
        }
        catch (SecureAggregationAbortedException)
        {
            return Task.FromResult(ExchangeReply.Lost);
        }
    }

    // Rounding is seeded per client, so a simulation's results repeat; keys and shares use the system's CSPRNG.
    private SecAggClient Secure() => _secure ??= new SecAggClient(Id, new Random(unchecked(client.Id * 7919 + 17)));

    public void Dispose() => _secure?.Dispose();
}
