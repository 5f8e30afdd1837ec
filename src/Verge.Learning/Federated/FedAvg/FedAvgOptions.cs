namespace Verge.Learning.Federated.FedAvg;

/// <summary>FedAvg: the fraction C of clients sampled per round, and the local training each does.</summary>
public sealed record FedAvgOptions(FitConfig Fit, double Fraction = 1.0, int Seed = 0);
