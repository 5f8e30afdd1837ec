using System.Text.Json;

namespace Verge.Inference.Runtime;

/// <summary>
/// Reads ONNX Runtime's profiler trace (a JSON array of Chrome-trace events): per run, the kernel time of every node.
/// Node events are "X" events of category "Node" named "NODE_kernel_time"; each run is bracketed by a "model_run"
/// event, so nodes that execute several times within a run add up.
/// </summary>
public static class OrtTrace
{
    /// <summary>For each model run in order, node name → kernel time in microseconds.</summary>
    public static List<Dictionary<string, double>> KernelTimesPerRun(string traceFile)
    {
        using var stream = File.OpenRead(traceFile);
        using var doc = JsonDocument.Parse(stream);
        var runs = new List<(double Start, double End)>();
        var kernels = new List<(double Ts, string Node, double Dur)>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            if (!e.TryGetProperty("name", out var nameEl) || !e.TryGetProperty("dur", out var durEl)) continue;
            var name = nameEl.GetString() ?? "";
            var cat = e.TryGetProperty("cat", out var c) ? c.GetString() : null;
            double ts = e.GetProperty("ts").GetDouble(), dur = durEl.GetDouble();
            if (cat == "Session" && name == "model_run")
                runs.Add((ts, ts + dur));
            else if (cat == "Node" && name.EndsWith("_kernel_time", StringComparison.Ordinal))
                kernels.Add((ts, name[..^"_kernel_time".Length], dur));
        }
        runs.Sort();
        var perRun = runs.Select(_ => new Dictionary<string, double>(StringComparer.Ordinal)).ToList();
        foreach (var (ts, node, dur) in kernels)
        {
            int r = runs.FindIndex(x => ts >= x.Start && ts <= x.End);
            if (r < 0) continue;
            perRun[r][node] = perRun[r].GetValueOrDefault(node) + dur;
        }
        return perRun;
    }
}
