namespace Verge.Net.Running.Streams;

/// <summary>What the device's gate did on a spec's stream: the threshold (given or calibrated), the frames it sent,
/// accuracy against per-frame ground truth with reuse and when every frame is answered, uplink bytes sent and saved.</summary>
public sealed record StreamGateResult(string Preset, string Gate, double Threshold, bool Calibrated, int Frames, int[] SentFrames,
    double Accuracy, double AccuracyEveryFrame, long UplinkBytes, long UplinkBytesSaved)
{
    public double OffloadedFraction => Frames == 0 ? 0 : (double)SentFrames.Length / Frames;
}
