using Verge.Core.Errors;

namespace Verge.Learning.Federated.SecureAggregation;

/// <summary>
/// Secure aggregation's knobs: the reconstruction threshold t (0: a majority of each neighbourhood, ⌊k/2⌋ + 1), the
/// SecAgg+ degree k of the neighbour graph (0: every client is every other's neighbour, classic SecAgg), the fixed-point
/// value bits v (the ring has v + ⌈log₂ n⌉ bits), and the per-coordinate clipping range c of the updates.
/// </summary>
public sealed record SecAggOptions(int Threshold = 0, int Neighbours = 0, int ValueBits = 16, double ClipRange = 0.05)
{
    /// <summary>The neighbour count every client has among <paramref name="clients"/> (the Harary graph's even degree).</summary>
    public int DegreeFor(int clients) =>
        Neighbours <= 0 || Neighbours >= clients - 1 ? Math.Max(0, clients - 1) : Math.Min(clients - 1, 2 * ((Neighbours + 1) / 2));

    public int ThresholdFor(int clients) => Threshold > 0 ? Threshold : DegreeFor(clients) / 2 + 1;

    /// <summary>Refuses parameters under which the protocol cannot run or would not be secure, on one line each.</summary>
    public void Validate(int clients)
    {
        if (ValueBits is < 2 or > 24) throw new UsageException($"secure aggregation's value bits must be 2..24, not {ValueBits}");
        if (!(ClipRange > 0) || !double.IsFinite(ClipRange)) throw new UsageException($"--secagg-clip must be a positive number, not {ClipRange}");
        if (Neighbours < 0) throw new UsageException($"--secagg-neighbours must be 0 (everyone) or at least 2, not {Neighbours}");
        if (Threshold < 0) throw new UsageException($"--secagg-threshold must be positive (or 0 for a majority of the neighbours), not {Threshold}");
        if (clients < 3) throw new UsageException($"secure aggregation needs at least 3 clients per round, not {clients}: with 2, each one's update is the sum minus its own");
        var ring = new FixedPointRing(ValueBits, clients, ClipRange);
        if (ring.RingBits > 32)
            throw new UsageException($"{ValueBits} value bits for {clients} clients need a {ring.RingBits}-bit ring; use fewer value bits (at most {32 - (ring.RingBits - ValueBits)})");
        int k = DegreeFor(clients), t = ThresholdFor(clients);
        // t > k/2 (Bonawitz et al., §4: t > n/2): no two disjoint groups of t neighbours exist, so a server telling some that
        // a client dropped and others that it survived cannot collect both its mask key and its self-mask seed.
        if (t <= k / 2 || t > k)
            throw new UsageException($"--secagg-threshold {t} must be above half of the {k} neighbours and at most {k}, i.e. {k / 2 + 1}..{k}");
    }
}
