namespace Verge.Learning.Federated.Simulation;

/// <summary>What <c>verge fl simulate --json</c> writes.</summary>
public sealed record SimulationReport(string Strategy, string Codec, int Clients, IReadOnlyList<RoundRecord> Rounds, double FinalTestAcc,
    long TotalUplinkBytes)
{
    public string Model { get; init; } = "";
    public double? Alpha { get; init; }
    public int LocalSteps { get; init; }
    public double LocalEpochs { get; init; }
    public string Stragglers { get; init; } = "";
    public long TotalDownlinkBytes => Rounds.Sum(r => r.DownlinkBytes);
    public double TotalSimSeconds => Rounds.Sum(r => r.SimSeconds);
    public double TotalWallSeconds => Rounds.Sum(r => r.WallSeconds);
    public int RejectedUpdates { get; init; }
    /// <summary>The secure-aggregation set-up, or null (left out of JSON) when it was off.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? SecureAggregation { get; init; }
    /// <summary>DP-FedAvg's (ε, δ) and settings, or null (left out of JSON) when it was off.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public FederatedPrivacy? Privacy { get; init; }
}
