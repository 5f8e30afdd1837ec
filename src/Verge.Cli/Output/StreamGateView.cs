using Spectre.Console;
using Verge.Net.Running.Streams;

namespace Verge.Cli.Output;

/// <summary>`verge run` with <c>app.stream</c>: what the device's gate sent and what reuse cost in accuracy.</summary>
internal static class StreamGateView
{
    public static void Render(IAnsiConsole console, StreamGateResult g)
    {
        var how = g.Calibrated ? "calibrated on a held-out stream" : "given";
        var head = $"stream [bold]{Markup.Escape(g.Preset)}[/], gate [bold]{Markup.Escape(g.Gate)}[/] (threshold {g.Threshold:0.####}, {how}): ";
        if (!g.GateUsed)
        {
            console.MarkupLine(head + $"the plan runs every frame on the device, so nothing is offloaded and the gate is not used; accuracy {100 * g.Accuracy:0.00} %");
            return;
        }
        console.MarkupLine(head + $"the device sent {g.SentFrames.Length} of {g.Frames} frames ({100 * g.OffloadedFraction:0.0} %) under the plan below and answered the rest with the last answer, making no call; " +
            $"accuracy {100 * g.Accuracy:0.00} % vs {100 * g.AccuracyEveryFrame:0.00} % answering every frame; " +
            $"uplink {g.WireUplinkBytes / 1e3:0.#} kB on the wire; frames as fp32: {g.UplinkBytes / 1e3:0.#} kB sent, {g.UplinkBytesSaved / 1e3:0.#} kB never sent" +
            (g.ReplayAgrees ? "" : " [yellow](the live gate sent other frames than its replay over the whole model: a plan whose outputs differ from the model's)[/]"));
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
        g.GateUsed,
        g.WireUplinkBytes,
        g.ReplayAgrees,
        g.ReplayAccuracy,
    };
}
