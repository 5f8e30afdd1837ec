using Spectre.Console;
using Verge.Net.Running.Streams;

namespace Verge.Cli.Output;

/// <summary>`verge run` with <c>app.stream</c>: what the device's gate sent and what reuse cost in accuracy.</summary>
internal static class StreamGateView
{
    public static void Render(IAnsiConsole console, StreamGateResult g)
    {
        var how = g.Calibrated ? "calibrated on a held-out stream" : "given";
        console.MarkupLine($"stream [bold]{Markup.Escape(g.Preset)}[/], gate [bold]{Markup.Escape(g.Gate)}[/] (threshold {g.Threshold:0.####}, {how}): " +
            $"{g.SentFrames.Length} of {g.Frames} frames passed ({100 * g.OffloadedFraction:0.0} %), the rest reuse the last answer; accuracy {100 * g.Accuracy:0.00} % vs {100 * g.AccuracyEveryFrame:0.00} % answering every frame; " +
            $"frames as fp32: {g.UplinkBytes / 1e3:0.#} kB passed, {g.UplinkBytesSaved / 1e3:0.#} kB never sent. The passed frames run under the plan below");
    }

    public static object Document(StreamGateResult g) => new
    {
        g.Preset,
        g.Gate,
        g.Threshold,
        g.Calibrated,
        g.Frames,
        Sent = g.SentFrames.Length,
        g.OffloadedFraction,
        g.Accuracy,
        g.AccuracyEveryFrame,
        g.UplinkBytes,
        g.UplinkBytesSaved,
    };
}
