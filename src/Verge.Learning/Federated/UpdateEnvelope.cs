namespace Verge.Learning.Federated;

/// <summary>
/// A client's update as it travels: the codec's serialized bytes (their length is the uplink cost) plus the few
/// numbers the server needs to weigh and validate it.
/// </summary>
public sealed record UpdateEnvelope(int ClientId, int Round, long ModelVersion, byte[] Payload, int Samples, int Steps, double TrainLoss)
{
    /// <summary>Adaptive τ: the client's estimates of ρ, β and its gradient (Wang et al.), when the round asked for them.</summary>
    public AdaptiveTau.LocalEstimate? Estimate { get; init; }

    /// <summary>What the update costs on the uplink: the payload plus the estimates.</summary>
    public long WireBytes => Payload.Length + (Estimate?.WireBytes ?? 0);
}
