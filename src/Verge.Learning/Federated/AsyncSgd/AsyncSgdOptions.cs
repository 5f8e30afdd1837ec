namespace Verge.Learning.Federated.AsyncSgd;

/// <summary>Asynchronous SGD: an update of staleness τ moves the model by Mixing·(1+τ)^(−StalenessExponent)·Δ.</summary>
public sealed record AsyncSgdOptions(FitConfig Fit, float Mixing = 0.5f, float StalenessExponent = 0.5f);
