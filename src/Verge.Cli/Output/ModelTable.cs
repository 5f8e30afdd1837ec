using Verge.Inference.Serving;
using Verge.Inference.Serving.Repository;

namespace Verge.Cli.Output;

/// <summary>`verge serve --models`: the repository as loaded at start, one line per model version, plain text.</summary>
internal static class ModelTable
{
    public static void Write(InferenceServer server, TextWriter to)
    {
        var rows = server.Models().Select(s => new[] { s.Name, s.Version.ToString(), s.State.ToString().ToLowerInvariant(), Batching(server, s) }).ToList();
        string[] header = ["MODEL", "VERSION", "STATE", "BATCHING"];
        var widths = Enumerable.Range(0, 3).Select(c => rows.Select(r => r[c].Length).Append(header[c].Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
            to.WriteLine($"  {row[0].PadRight(widths[0])}  {row[1].PadRight(widths[1])}  {row[2].PadRight(widths[2])}  {row[3]}");
        if (rows.Count == 0) to.WriteLine("  (no models in the repository)");
    }

    private static string Batching(InferenceServer server, ModelStatus s)
    {
        if (s.State != ModelState.Ready) return s.Message;
        var model = server.Model(s.Name, s.Version);
        if (!model.Batched) return model.BatchingNote;
        var limits = model.Limits;
        if (!limits.Combines) return $"max_batch_size {limits.MaxBatchSize}, requests not combined (no dynamic_batching)";
        var preferred = limits.Dynamic!.PreferredBatchSizes;
        return $"dynamic up to {limits.MaxBatchSize}, queue delay {limits.Dynamic.MaxQueueDelay.TotalMicroseconds:0} us"
            + (preferred.Count > 0 ? $", preferred {string.Join('/', preferred)}" : "");
    }
}
