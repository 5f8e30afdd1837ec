namespace Verge.Learning.Federated;

/// <summary>
/// What aggregation did: how many updates it used, and the bytes the strategy itself moved beyond client↔server
/// traffic (edge→cloud syncs, peer-to-peer gossip).
/// </summary>
public sealed record RoundAggregate(int Used, long ExtraUplinkBytes = 0, long ExtraDownlinkBytes = 0, string? Note = null)
{
    /// <summary>Differentially private strategies: the (ε, δ) spent by all rounds so far, including this one (else null).</summary>
    public double? Epsilon { get; init; }
    public double? Delta { get; init; }

    /// <summary>Hierarchical with Gaia's filter: the edge→cloud and cloud→edge bytes alone (the wide-area links; else null).</summary>
    public long? CloudUplinkBytes { get; init; }
    public long? CloudDownlinkBytes { get; init; }
}
