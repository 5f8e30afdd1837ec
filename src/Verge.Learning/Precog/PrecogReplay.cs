using Verge.Inference.Serving.Precog;
using Verge.Learning.Data.Streams;

namespace Verge.Learning.Precog;

/// <summary>
/// Precog (Drolia et al., SEC 2017) over a stream: the device answers a frame with its specialised model when that
/// model names one of its classes with at least <c>threshold</c> confidence, and offloads it otherwise; the edge answers
/// offloaded frames with its full model (<c>edgeAnswers</c>, run on every frame once), tracks the classes of all answers
/// (the device reports its own, a class id each), and pushes the device a model specialised to them whenever that set changes.
/// </summary>
public static class PrecogReplay
{
    public static PrecogOutcome Run(FrameStream stream, IReadOnlyList<int> edgeAnswers, SpecialisedTrainer trainer, double threshold,
        Func<RecentClasses>? tracker = null)
    {
        var recent = tracker?.Invoke() ?? new RecentClasses();
        SpecialisedModel? onDevice = null;
        var answers = new int[stream.Count];
        var local = new bool[stream.Count];
        int correct = 0, correctOffload = 0, pushed = 0;
        long bytes = 0;
        for (int i = 0; i < stream.Count; i++)
        {
            var frame = stream.Frames[i];
            if (onDevice is not null && onDevice.Predict(frame.Pixels) is (>= 0 and var c, var confidence) && confidence >= threshold)
            {
                answers[i] = c;
                local[i] = true;
                recent.Add(c);
            }
            else
            {
                answers[i] = edgeAnswers[i];
                recent.Add(edgeAnswers[i]);
                var wanted = recent.Current();
                if (wanted.Length > 0 && (onDevice is null || !onDevice.Classes.SequenceEqual(wanted)))
                {
                    onDevice = trainer.For(wanted);
                    pushed++;
                    bytes += onDevice.Bytes;
                }
            }
            if (answers[i] == frame.Label) correct++;
            if (edgeAnswers[i] == frame.Label) correctOffload++;
        }
        double n = Math.Max(1, stream.Count);
        return new PrecogOutcome(answers, local, correct / n, correctOffload / n, pushed, bytes);
    }

    /// <summary>The lowest confidence threshold (the most frames answered on the device) whose accuracy on held-out
    /// frames stays within <paramref name="maxDrop"/> of always offloading.</summary>
    public static double Calibrate(FrameStream held, IReadOnlyList<int> edgeAnswers, SpecialisedTrainer trainer, double maxDrop)
    {
        double best = 1.0;
        foreach (var t in new[] { 0.999, 0.995, 0.99, 0.98, 0.97, 0.95, 0.93, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4 })
        {
            var outcome = Run(held, edgeAnswers, trainer, t);
            if (outcome.Accuracy < outcome.AccuracyOffload - maxDrop - 1e-12) break;
            best = t;
        }
        return best;
    }
}
