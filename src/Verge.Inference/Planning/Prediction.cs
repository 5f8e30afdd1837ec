namespace Verge.Inference.Planning;

/// <summary>
/// What a plan is expected to cost for one inference: end-to-end latency, the device's energy (millijoules), and the
/// bytes the device sends.
/// </summary>
public sealed record Prediction(double LatencyMs, double DeviceEnergyMj, long UplinkBytes);
