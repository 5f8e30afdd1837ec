namespace Verge.Learning.Privacy.Bench;

/// <summary>
/// One federated run: N clients, plain FedAvg ("none"), DP-FedAvg ("dp") or DP-FedAvg under secure aggregation
/// ("dp+secagg"); uplink bytes and wall time are per round, <see cref="SkippedRounds"/> counts rounds secure
/// aggregation could not run (fewer than 3 clients sampled).
/// </summary>
public sealed record FlPoint(int Clients, string Mode, double SampleRate, double? Noise, double? Epsilon, int Rounds, double TestAccuracy,
    double UplinkBytesPerRound, double WallSecondsPerRound, double MeanParticipants, int SkippedRounds);
