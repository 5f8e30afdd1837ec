using Verge.Core.Errors;
using Verge.Core.Spec;
using Verge.Inference.Graph;
using Verge.Inference.Serving.Streams;
using Verge.Inference.Serving.Streams.ChangeDetection;
using Verge.Inference.Serving.Streams.ResultCache;
using Verge.Learning.Data;
using Verge.Learning.Data.Streams;
using Verge.Learning.Export;
using Verge.Net.Execution;
using Verge.Net.Wire;

namespace Verge.Net.Running.Streams;

/// <summary>
/// <c>app.stream</c> for <c>verge run</c>: generates the spec's stream and calibrates the gate on a held-out stream of
/// the same preset when no threshold is given (<see cref="PrepareAsync"/>). Every frame then goes to the device agent,
/// whose gate (<see cref="SpecRunSettings.ReuseGate"/>) sends a changed frame under the plan over gRPC and answers an
/// unchanged one with the last answer, making no call; <see cref="Score"/> holds the live answers against per-frame
/// ground truth and against the replay of the same gate over the whole model's answers.
/// </summary>
public static class StreamGateRun
{
    public static async Task<StreamGateSetup> PrepareAsync(DeploymentSpec spec, ModelGraph graph, int frames, int threads, CancellationToken ct)
    {
        var s = spec.App.Stream ?? throw new ArgumentException("the spec has no app.stream");
        if (graph.Inputs.Count != 1 || graph.Inputs[0].Elements != FrameStream.FrameSize || graph.File is null)
            throw new InputException($"{spec.Source}: app.stream: the stream's frames are 1×28×28, but '{graph.Source}' takes {string.Join(", ", graph.Inputs.Select(i => i.ShapeText))}; use a Fashion-MNIST model such as zoo:lenet5");
        var source = new StreamFrames(await FashionMnist.LoadTestAsync(ct: ct));
        var preset = StreamPreset.Named(s.Preset);
        int count = s.Frames ?? frames;
        using var runner = new OnnxBatchRunner(graph.File, threads);
        Func<double, IReuseGate> gateAt = s.Gate == "cache" ? d => new FeatureCache(d) : t => new ChangeDetector(t);
        double threshold = s.Threshold ?? Calibrate(source, preset, Math.Max(count, 600), s, runner, gateAt);
        var stream = source.Evaluation(preset, count, s.Seed);
        var replay = ReuseReplay.Run(gateAt(threshold), stream.Pixels(), StreamFrames.Answers(runner, stream), stream.Labels());
        return new StreamGateSetup(s, stream, threshold, s.Threshold is null, () => gateAt(threshold), replay);
    }

    /// <summary>Every frame of the stream, in order, as the model's input tensor.</summary>
    public static Func<int, IReadOnlyList<FloatTensor>> Inputs(ModelGraph graph, FrameStream stream)
    {
        var input = graph.Inputs[0];
        return k => [new FloatTensor(input.Name, input.Shape, (float[])stream.Frames[k % stream.Count].Pixels.Clone())];
    }

    /// <summary>What the device's gate did in <paramref name="run"/>: frames sent, accuracy of the answers it gave (its
    /// own or reused) against ground truth, and whether it sent exactly the frames the replay sends.</summary>
    public static StreamGateResult Score(StreamGateSetup setup, RunReport run)
    {
        var labels = setup.Stream.Labels();
        var frames = run.Frames;
        var sent = frames.Where(f => !f.Reused).Select(f => f.Frame).ToArray();
        int correct = frames.Count(f => f.Answer == labels[f.Frame]);
        bool offloads = frames.Any(f => f.Reused || f.UplinkBytes > 0);
        var replaySent = Enumerable.Range(0, setup.Replay.Frames).Where(i => setup.Replay.Offloaded[i]).ToArray();
        long frameBytes = setup.Replay.BytesPerFrame;
        return new StreamGateResult(setup.Spec.Preset, setup.Spec.Gate, setup.Threshold, setup.Calibrated, frames.Count, sent,
            frames.Count == 0 ? 0 : (double)correct / frames.Count, setup.Replay.AccuracyEveryFrame,
            sent.Length * frameBytes, (frames.Count - sent.Length) * frameBytes)
        {
            GateUsed = offloads,
            WireUplinkBytes = frames.Sum(f => f.UplinkBytes),
            ReplayAgrees = sent.SequenceEqual(replaySent),
            ReplayAccuracy = setup.Replay.Accuracy,
        };
    }

    private static double Calibrate(StreamFrames source, StreamPreset preset, int count, StreamSpec s, OnnxBatchRunner runner, Func<double, IReuseGate> gateAt)
    {
        var held = source.Calibration(preset, count, s.Seed);
        return ReuseCalibrator.Calibrate(gateAt, held.Pixels(), StreamFrames.Answers(runner, held), held.Labels(), s.TargetDrop ?? StreamSpec.DefaultTargetDrop).Threshold;
    }
}
