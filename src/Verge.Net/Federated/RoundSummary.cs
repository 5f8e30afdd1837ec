namespace Verge.Net.Federated;

/// <summary>A completed round on the server: who was asked, who delivered, the test accuracy, and the uplink bytes accepted.</summary>
public sealed record RoundSummary(int Round, int Asked, IReadOnlyList<int> Contributors, IReadOnlyList<int> Missing, double? TestAccuracy,
    long UplinkBytes, long ModelVersion);
