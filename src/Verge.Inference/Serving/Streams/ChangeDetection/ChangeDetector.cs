namespace Verge.Inference.Serving.Streams.ChangeDetection;

/// <summary>
/// Glimpse's trigger (Chen et al., SenSys 2015): a frame is offloaded only when it differs from the last offloaded
/// frame by more than a threshold (mean absolute pixel difference); in between, the device reuses the last answer
/// (Glimpse tracks the objects in between; a classifier's answer needs no tracking).
/// </summary>
public sealed class ChangeDetector(double threshold) : IReuseGate
{
    private float[]? _reference;

    public double Threshold { get; } = threshold;

    public double Distance(ReadOnlySpan<float> frame)
    {
        if (_reference is null) return double.PositiveInfinity;
        if (frame.Length != _reference.Length) throw new ArgumentException($"frame of {frame.Length} values, reference of {_reference.Length}");
        double sum = 0;
        for (int i = 0; i < frame.Length; i++) sum += Math.Abs(frame[i] - _reference[i]);
        return sum / frame.Length;
    }

    public void Refresh(ReadOnlySpan<float> frame) => _reference = frame.ToArray();
}
