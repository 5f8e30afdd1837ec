namespace Verge.Learning.Federated.Simulation;

/// <summary>What a DP-FedAvg run spent: (ε, δ) after all its rounds, for noise multiplier z, clip S and client sampling rate q.</summary>
public sealed record FederatedPrivacy(double Epsilon, double Delta, double Noise, double Clip, double SampleRate, int Rounds);
