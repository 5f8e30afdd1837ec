namespace Verge.Inference.Serving.Streams;

/// <summary>
/// The device's per-frame decision, the one both the replay (<c>verge run</c>'s <c>app.stream</c>, calibration, the
/// bench) and the device agent use: the first frame, and any frame the gate finds farther than its threshold from the
/// reference, is sent; any other reuses the last answer. <see cref="Answered"/> makes a sent frame the reference once its
/// answer is in, so a frame whose call failed never becomes the reference of an answer it did not get.
/// </summary>
public sealed class FrameGate(IReuseGate gate)
{
    private bool _answered;

    public IReuseGate Gate => gate;

    /// <summary>True: send <paramref name="frame"/> for inference; false: reuse the last answer.</summary>
    public bool ShouldSend(ReadOnlySpan<float> frame) => !_answered || gate.Distance(frame) > gate.Threshold;

    /// <summary>Records that <paramref name="frame"/> was sent and answered: it becomes the reference.</summary>
    public void Answered(ReadOnlySpan<float> frame)
    {
        gate.Refresh(frame);
        _answered = true;
    }
}
