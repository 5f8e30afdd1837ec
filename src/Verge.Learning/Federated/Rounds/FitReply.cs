namespace Verge.Learning.Federated.Rounds;

/// <summary>
/// A client's answer to a fit: its encoded update (null when the client was lost), and how many seconds after the
/// fit was handed out it arrived (simulated or measured): results are taken in that order up to the quorum.
/// </summary>
public sealed record FitReply(UpdateEnvelope? Envelope, double Seconds)
{
    public static FitReply Lost { get; } = new(null, 0);
}
