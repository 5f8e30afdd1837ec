namespace Verge.Learning.Federated.Simulation;

/// <summary>
/// One round of a simulation: test accuracy after it, bytes that moved in it (up: devices and edges towards the
/// aggregator or peers; down: models sent out), its simulated duration, its wall time, and who contributed.
/// </summary>
public sealed record RoundRecord(int Round, double TestAcc, long UplinkBytes, long DownlinkBytes, double SimSeconds, double WallSeconds,
    int Participants)
{
    /// <summary>Why the round ended without an aggregate (secure aggregation aborted), or null; left out of JSON when null.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Note { get; init; }

    /// <summary>DP-FedAvg: the (ε, δ) spent after this round; left out of JSON otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? Epsilon { get; init; }
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? Delta { get; init; }

    /// <summary>Hierarchical with Gaia's filter: the part of the bytes above on the edge↔cloud links; left out of JSON otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? CloudUplinkBytes { get; init; }
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? CloudDownlinkBytes { get; init; }
}
