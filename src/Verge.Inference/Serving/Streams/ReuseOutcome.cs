namespace Verge.Inference.Serving.Streams;

/// <summary>What a reuse gate did on a stream: the answer given for each frame, which frames were sent, the accuracy
/// of those answers and of answering every frame, and the uplink bytes sent and saved.</summary>
public sealed record ReuseOutcome(int[] Answers, bool[] Offloaded, double Accuracy, double AccuracyEveryFrame, long BytesPerFrame)
{
    public int Frames => Answers.Length;
    public int OffloadedCount => Offloaded.Count(o => o);
    public double OffloadedFraction => Frames == 0 ? 0 : (double)OffloadedCount / Frames;
    public long UplinkBytes => OffloadedCount * BytesPerFrame;
    public long UplinkBytesSaved => (Frames - OffloadedCount) * BytesPerFrame;
}
