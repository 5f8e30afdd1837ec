using System.Diagnostics;
using Verge.Net.Links;

namespace Verge.Net.Benchmarks.Tiles;

/// <summary>
/// One frame of a <see cref="PaceTrace"/> in a few figures: its paced waits, how late they woke (per kind, summed, and
/// the largest), and the compute each node was paced for (the device's, and the busiest helper's), which tells a frame
/// that lost time to late wakes from a case whose nodes were paced for longer.
/// </summary>
public readonly record struct PaceTraceSummary(int Waits, double ComputeMs, double CodecMs, double LinkMs, double MaxMs, double DevicePacedMs, double BusiestHelperPacedMs)
{
    public static PaceTraceSummary Of(PaceTrace trace, long frame)
    {
        int waits = 0;
        double compute = 0, codec = 0, link = 0, max = 0, device = 0;
        var helpers = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var e in trace.Events)
        {
            if (e.Frame != frame || e.Kind == PaceKind.Call) continue;
            double paced = (e.Target - e.Start) * 1e3 / Stopwatch.Frequency;
            if (e.Kind == PaceKind.Compute && e.Node == PaceTraceNodes.Device) device += paced;
            else if (e.Kind == PaceKind.Compute) helpers[e.Node] = helpers.GetValueOrDefault(e.Node) + paced;
            if (e.Target <= e.HostEnd) continue;
            waits++;
            double late = Math.Max(0, e.Woke - e.Target) * 1e3 / Stopwatch.Frequency;
            max = Math.Max(max, late);
            switch (e.Kind)
            {
                case PaceKind.Compute: compute += late; break;
                case PaceKind.Codec: codec += late; break;
                default: link += late; break;
            }
        }
        return new PaceTraceSummary(waits, compute, codec, link, max, device, helpers.Count == 0 ? 0 : helpers.Values.Max());
    }
}
