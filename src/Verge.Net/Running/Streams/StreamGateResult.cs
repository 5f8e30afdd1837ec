namespace Verge.Net.Running.Streams;

/// <summary>What the device's gate did on a spec's stream: the threshold (given or calibrated), the frames it sent,
/// accuracy against per-frame ground truth with reuse and when every frame is answered, frames' bytes sent and saved.</summary>
public sealed record StreamGateResult(string Preset, string Gate, double Threshold, bool Calibrated, int Frames, int[] SentFrames,
    double Accuracy, double AccuracyEveryFrame, long UplinkBytes, long UplinkBytesSaved)
{
    public double OffloadedFraction => Frames == 0 ? 0 : (double)SentFrames.Length / Frames;

    /// <summary>False when the plan ran every frame on the device: nothing is offloaded, so there is nothing to gate.</summary>
    public bool GateUsed { get; init; } = true;

    /// <summary>Bytes the device actually put on its uplink (the plan's codec and cut), all frames together.</summary>
    public long WireUplinkBytes { get; init; }

    /// <summary>The live gate sent exactly the frames its replay over the whole model's answers sends.</summary>
    public bool ReplayAgrees { get; init; } = true;

    /// <summary>The replay's accuracy (the whole model's answers, reused the same way).</summary>
    public double ReplayAccuracy { get; init; }
}
