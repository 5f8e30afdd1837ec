using Verge.Inference.Serving.Allocation;
using Verge.Learning.Data.Streams;

namespace Verge.Net.Benchmarks.Streams;

/// <summary>
/// Resource–accuracy profiles of one stream over a window of frames: for every frame rate and model variant, the
/// accuracy when only every (30 / rate)-th frame is answered by that variant and the others reuse its last answer, and
/// the cost rate × MACs (an early-exit variant's mean MACs per answered frame of the window). The signature for profile sharing is the share of frames that differ visibly from the one
/// before (mean absolute pixel difference over 0.05): how busy the scene is.
/// </summary>
public static class KnobProfiles
{
    public static IReadOnlyList<double> FrameRates { get; } = [30, 15, 10, 6, 3, 1];

    /// <param name="answers">variant → its answer for every frame of the stream.</param>
    public static StreamProfile Measure(string stream, FrameStream frames, int start, int count,
        IReadOnlyDictionary<string, int[]> answers, IReadOnlyDictionary<string, long> macs) =>
        Measure(stream, frames, start, count, answers.Select(a => KnobVariant.Fixed(a.Key, a.Value, macs[a.Key])).ToList());

    /// <summary>Every frame rate of every variant; the cost is the rate times the mean MACs of the frames answered
    /// (for a plain model its MACs, for an early-exit one what this window's content made it spend).</summary>
    public static StreamProfile Measure(string stream, FrameStream frames, int start, int count, IReadOnlyList<KnobVariant> variants)
    {
        var points = new List<KnobPoint>();
        foreach (var variant in variants)
            foreach (var rate in FrameRates)
            {
                int stride = (int)Math.Round(frames.Preset.Fps / rate);
                int correct = 0, last = -1, answered = 0;
                double spent = 0;
                bool uniform = true;
                for (int i = start; i < start + count; i++)
                {
                    if ((i - start) % stride == 0)
                    {
                        last = variant.Answers[i];
                        spent += variant.Macs[i];
                        uniform &= variant.Macs[i] == variant.Macs[start];
                        answered++;
                    }
                    if (last == frames.Frames[i].Label) correct++;
                }
                // A fixed cost stays exactly rate × MACs (the mean of equal values need not be bit-for-bit the value).
                double macs = uniform ? variant.Macs[start] : spent / answered;
                points.Add(new KnobPoint(rate, variant.Name, rate * macs, (double)correct / count));
            }
        return new StreamProfile(stream, points, Signature(frames, start, count));
    }

    public static double Signature(FrameStream frames, int start, int count)
    {
        int busy = 0;
        for (int i = Math.Max(1, start); i < start + count; i++)
        {
            var (a, b) = (frames.Frames[i].Pixels, frames.Frames[i - 1].Pixels);
            double sum = 0;
            for (int p = 0; p < a.Length; p++) sum += Math.Abs(a[p] - b[p]);
            if (sum / a.Length > 0.05) busy++;
        }
        return (double)busy / count;
    }
}
