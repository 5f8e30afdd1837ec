namespace Verge.Inference.Serving.Streams;

/// <summary>
/// Decides on the device whether a frame may reuse the last answer instead of being sent for inference: a gate
/// compares the frame with the reference it keeps and is refreshed with every frame that was sent.
/// </summary>
public interface IReuseGate
{
    /// <summary>How far <paramref name="frame"/> is from the reference (∞ before the first refresh).</summary>
    double Distance(ReadOnlySpan<float> frame);

    /// <summary>The largest distance at which the last answer is reused.</summary>
    double Threshold { get; }

    /// <summary>Makes <paramref name="frame"/> the reference (it was just sent and answered).</summary>
    void Refresh(ReadOnlySpan<float> frame);
}
