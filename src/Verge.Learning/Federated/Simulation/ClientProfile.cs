namespace Verge.Learning.Federated.Simulation;

/// <summary>
/// A simulated device: how many training samples per second it computes, its link (bytes per second each way,
/// round-trip time) and the chance that it vanishes in any one round.
/// </summary>
public sealed record ClientProfile(double SamplesPerSecond, double UplinkBytesPerSecond, double DownlinkBytesPerSecond, double RttSeconds,
    double DropProbability = 0)
{
    /// <summary>A phone-class device: 200 samples/s of training, 1 Mbit/s up, 10 Mbit/s down, 50 ms RTT.</summary>
    public static ClientProfile Default { get; } = new(200, 125_000, 1_250_000, 0.05);

    public double ComputeSeconds(int samples) => samples / SamplesPerSecond;

    /// <summary>Download the model, compute, upload the update.</summary>
    public double FitSeconds(long downBytes, int samples, long upBytes) =>
        RttSeconds + downBytes / DownlinkBytesPerSecond + ComputeSeconds(samples) + upBytes / UplinkBytesPerSecond;
}
