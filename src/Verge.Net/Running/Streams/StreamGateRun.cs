using Verge.Core.Errors;
using Verge.Core.Spec;
using Verge.Inference.Graph;
using Verge.Inference.Serving.Streams;
using Verge.Inference.Serving.Streams.ChangeDetection;
using Verge.Inference.Serving.Streams.ResultCache;
using Verge.Learning.Data;
using Verge.Learning.Data.Streams;
using Verge.Learning.Export;
using Verge.Net.Wire;

namespace Verge.Net.Running.Streams;

/// <summary>
/// <c>app.stream</c> for <c>verge run</c>: generates the spec's stream, calibrates the gate on a held-out stream of the
/// same preset when no threshold is given, and decides which frames the device sends. Those frames then run under the
/// spec's plan over gRPC (<see cref="Inputs"/>); the answers scored here are the whole model's, which the run checks the
/// plan's outputs against.
/// </summary>
public static class StreamGateRun
{
    public static async Task<(StreamGateResult Result, FrameStream Stream)> DecideAsync(DeploymentSpec spec, ModelGraph graph, int frames, int threads, CancellationToken ct)
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
        var outcome = ReuseReplay.Run(gateAt(threshold), stream.Pixels(), StreamFrames.Answers(runner, stream), stream.Labels());
        var sent = Enumerable.Range(0, outcome.Frames).Where(i => outcome.Offloaded[i]).ToArray();
        return (new StreamGateResult(s.Preset, s.Gate, threshold, s.Threshold is null, outcome.Frames, sent, outcome.Accuracy,
            outcome.AccuracyEveryFrame, outcome.UplinkBytes, outcome.UplinkBytesSaved), stream);
    }

    /// <summary>The frames the device sent, in order, as the model's input tensors.</summary>
    public static Func<int, IReadOnlyList<FloatTensor>> Inputs(ModelGraph graph, FrameStream stream, StreamGateResult result)
    {
        var input = graph.Inputs[0];
        return k => [new FloatTensor(input.Name, input.Shape, (float[])stream.Frames[result.SentFrames[k % result.SentFrames.Length]].Pixels.Clone())];
    }

    private static double Calibrate(StreamFrames source, StreamPreset preset, int count, StreamSpec s, OnnxBatchRunner runner, Func<double, IReuseGate> gateAt)
    {
        var held = source.Calibration(preset, count, s.Seed);
        return ReuseCalibrator.Calibrate(gateAt, held.Pixels(), StreamFrames.Answers(runner, held), held.Labels(), s.TargetDrop ?? StreamSpec.DefaultTargetDrop).Threshold;
    }
}
