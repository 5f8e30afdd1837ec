namespace Verge.Learning.Federated;

/// <summary>
/// The bounds an update must respect before it counts (item "federated robustness" of the hardening issue): a
/// poisoned client that sends huge values or claims a huge dataset must not be able to move the global model by
/// itself. Both are absolute bounds, so one update is judged on its own, in the simulation as over gRPC.
/// </summary>
/// <param name="MaxUpdateNorm">
/// Largest accepted L2 norm of an update (the client's weights minus the ones it was sent). The default, 1e3, is
/// generous: an honest fit of the zoo's models moves the weights by a norm of order 1–10.
/// </param>
/// <param name="MaxSamples">
/// Largest sample count a client may claim; FedAvg weights updates by it, so a client claiming 2^31−1 samples would
/// otherwise own the average. The default, 2^20, is above any dataset the zoo trains on.
/// </param>
public sealed record IntakeLimits(double MaxUpdateNorm = 1e3, int MaxSamples = 1 << 20);
