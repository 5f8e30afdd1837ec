using System.Diagnostics;
using System.Globalization;
using System.Text;
using Verge.Net.Links;

namespace Verge.Net.Benchmarks.Tiles;

/// <summary>
/// Writes every case's <see cref="PaceTrace"/> as CSV, one row per paced span: times in ms from the start of its frame
/// (start, when its work ended on this host, the pacer's target, when the coarse sleep or timer returned, when the wait
/// returned) and the oversleep (woke − target).
/// </summary>
public static class TilesTraceCsv
{
    public const string Header = "case,frame,frame_ms,node,kind,label,start_ms,host_end_ms,target_ms,fired_ms,woke_ms,oversleep_ms,bytes";

    public static void Write(string path, IReadOnlyList<TilesCase> cases)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.WriteLine(Header);
        foreach (var c in cases)
        {
            if (c.Trace is not { } trace) continue;
            string name = $"{c.Schedule} {c.Grid} x{c.Helpers}".Replace(',', ';');
            var frames = trace.Frames.ToDictionary(f => f.Frame);
            foreach (var e in trace.Events)
            {
                if (!frames.TryGetValue(e.Frame, out var f)) continue;
                string Ms(long t) => ((t - f.Start) * 1e3 / Stopwatch.Frequency).ToString("F3", CultureInfo.InvariantCulture);
                string late = (Math.Max(0, e.Woke - e.Target) * 1e3 / Stopwatch.Frequency).ToString("F3", CultureInfo.InvariantCulture);
                w.WriteLine($"{name},{e.Frame},{Ms(f.End)},{e.Node},{e.Kind.ToString().ToLowerInvariant()},{e.Label?.Replace(',', ';')},{Ms(e.Start)},{Ms(e.HostEnd)},{Ms(e.Target)},{Ms(e.Fired)},{Ms(e.Woke)},{late},{e.Bytes}");
            }
        }
    }
}
