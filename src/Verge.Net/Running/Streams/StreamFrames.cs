using Verge.Learning.Data;
using Verge.Learning.Data.Streams;
using Verge.Learning.Export;

namespace Verge.Net.Running.Streams;

/// <summary>
/// The images streams are built from and the server's answer for every frame. Evaluated streams take test images
/// 5000–9999 and held-out calibration streams images 0–4999, so no calibration image is ever scored.
/// </summary>
public sealed class StreamFrames(ImageDataset test)
{
    public ImageDataset CalibrationImages { get; } = test.Subset(Enumerable.Range(0, test.Count / 2).ToArray());
    public ImageDataset EvaluationImages { get; } = test.Subset(Enumerable.Range(test.Count / 2, test.Count - test.Count / 2).ToArray());

    public FrameStream Evaluation(StreamPreset preset, int frames, int seed) => StreamGenerator.Generate(EvaluationImages, preset, frames, seed);

    public FrameStream Calibration(StreamPreset preset, int frames, int seed) => StreamGenerator.Generate(CalibrationImages, preset, frames, seed + 7919);

    /// <summary>The top-1 class <paramref name="runner"/> gives each frame.</summary>
    public static int[] Answers(OnnxBatchRunner runner, FrameStream stream)
    {
        var answers = new int[stream.Count];
        const int Chunk = 512;
        var pixels = stream.Pixels();
        for (int start = 0; start < stream.Count; start += Chunk)
        {
            int n = Math.Min(Chunk, stream.Count - start);
            var logits = runner.Run(pixels.AsSpan(start * FrameStream.FrameSize, n * FrameStream.FrameSize), n)[0];
            int k = logits.Length / n;
            for (int i = 0; i < n; i++) answers[start + i] = Learning.Training.Trainer.ArgMax(logits.AsSpan(i * k, k));
        }
        return answers;
    }
}
