namespace Verge.Learning.Federated.Rounds;

/// <summary>A client's reply to a secure-aggregation stage (null when it dropped), and its seconds after the request (simulated or measured).</summary>
public sealed record ExchangeReply(byte[]? Message, double Seconds)
{
    public static ExchangeReply Lost { get; } = new(null, 0);
}
