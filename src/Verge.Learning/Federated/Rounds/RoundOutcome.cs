namespace Verge.Learning.Federated.Rounds;

/// <summary>
/// A completed round: who was asked and who delivered, the test accuracy after it (when evaluated), the bytes of the
/// accepted updates, the models sent out, what aggregation did (its extra traffic), the round's duration on the
/// engine's clock and its wall time, and the model version after it.
/// </summary>
public sealed record RoundOutcome(int Round, IReadOnlyList<int> Asked, IReadOnlyList<int> Contributors, double? TestAccuracy, long UpdateBytes,
    long ModelBytesSent, RoundAggregate Aggregate, double Seconds, double WallSeconds, long ModelVersion)
{
    /// <summary>Asked clients whose update did not count (lost, late or rejected).</summary>
    public IReadOnlyList<int> Missing => Asked.Except(Contributors).Order().ToList();
}
