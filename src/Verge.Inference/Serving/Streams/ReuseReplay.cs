namespace Verge.Inference.Serving.Streams;

/// <summary>
/// Runs a reuse gate over a stream whose per-frame answers are known (the server's model run on every frame once):
/// a frame the gate lets through gets its own answer and refreshes the gate, any other reuses the last answer. Pure,
/// so calibration and the benchmark replay many thresholds without re-running the model.
/// </summary>
public static class ReuseReplay
{
    /// <summary><paramref name="pixels"/>: the frames one after another; <paramref name="answers"/>: the model's answer
    /// per frame; <paramref name="labels"/>: ground truth per frame.</summary>
    public static ReuseOutcome Run(IReuseGate gate, ReadOnlySpan<float> pixels, IReadOnlyList<int> answers, IReadOnlyList<int> labels)
    {
        int frames = answers.Count, size = frames == 0 ? 0 : pixels.Length / frames;
        if (labels.Count != frames || size * frames != pixels.Length) throw new ArgumentException("pixels, answers and labels disagree on the frame count");
        var given = new int[frames];
        var sent = new bool[frames];
        var decide = new FrameGate(gate);
        int last = -1, correct = 0, correctEvery = 0;
        for (int i = 0; i < frames; i++)
        {
            var frame = pixels.Slice(i * size, size);
            if (decide.ShouldSend(frame))
            {
                sent[i] = true;
                last = answers[i];
                decide.Answered(frame);
            }
            given[i] = last;
            if (last == labels[i]) correct++;
            if (answers[i] == labels[i]) correctEvery++;
        }
        return new ReuseOutcome(given, sent, Ratio(correct, frames), Ratio(correctEvery, frames), size * sizeof(float));
    }

    private static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;
}
