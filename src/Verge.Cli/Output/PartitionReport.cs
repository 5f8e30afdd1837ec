using System.Text;
using Spectre.Console;
using Verge.Inference.Planning;
using Verge.Net.Benchmarks.Partition;
using Verge.Core.Files;

namespace Verge.Cli.Output;

/// <summary>`verge bench partition`'s table on the console and as Markdown (docs/results/partition.md).</summary>
internal static class PartitionReport
{
    private static string Ms(PartitionSweep.Measurement? m) => m is null ? "-" : $"{m.MeasuredP50Ms:F1} / {m.PredictedMs:F1} ({Math.Round(m.Error * 100):+0;-0;0} %)";

    private static string Split(PartitionSweep.Cell c) => c.Split is { } s ? $"{s.Placement}: {Ms(s)}" : "-";

    private static string Chosen(PartitionSweep.Cell c) => $"{c.ChosenBy} ({c.Of(c.Chosen).Placement})";

    public static Table Table(List<(string Model, PartitionSweep.Cell Cell)> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("measured p50 / predicted ms (error)")
            .AddColumn("model").AddColumn("network").AddColumn("device speed", c => c.RightAligned())
            .AddColumn("device-only").AddColumn("edge-only").AddColumn("best split").AddColumn("chosen").AddColumn("chosen ms")
            .AddColumn("speedup", c => c.RightAligned()).AddColumn("vs best measured", c => c.RightAligned());
        foreach (var (model, c) in rows)
            table.AddRow(Markup.Escape(model), c.Network, c.DeviceSpeed.ToString("G"), Ms(c.Of("device-only")), Ms(c.Of("edge-only")),
                Markup.Escape(Split(c)), Markup.Escape(Chosen(c)), Ms(c.Of(c.Chosen)), $"{c.Speedup:F2}×",
                c.ChoiceRegret <= 0.10 ? $"[green]+{c.ChoiceRegret:P0}[/]" : $"[red]+{c.ChoiceRegret:P0}[/]");
        return table;
    }

    public static void WriteMarkdown(string path, List<(string Model, PartitionSweep.Cell Cell)> rows, MessageCost transport, string[] args)
    {
        var md = new StringBuilder();
        md.AppendLine("# Partitioned inference: measured against predicted");
        md.AppendLine();
        md.AppendLine($"Made by `verge bench partition {string.Join(' ', args.Skip(3))}` on {DateTime.UtcNow:yyyy-MM-dd} ({Environment.ProcessorCount} cores).");
        md.AppendLine("A phone (speed relative to this host, emulated by pacing) and one edge server (speed 1) on loopback gRPC; the link is");
        md.AppendLine("shaped to Neurosurgeon's uplinks (Kang et al., ASPLOS 2017). Each cell: median measured latency over the frames after a");
        md.AppendLine("warm-up / the cost model's prediction, in ms (measured ÷ predicted − 1). Speedup = best single site (measured) ÷ the");
        md.AppendLine("planner's choice (measured). Edge-only does not depend on the device's speed: it is measured once per network.");
        md.AppendLine("Best split: the cut along the topological order with the lowest predicted latency among those that leave work on both");
        md.AppendLine("sides, measured whether or not it is chosen, so every cell also checks a real device→edge split against its prediction.");
        md.AppendLine("The phone is emulated as the spec defines it: each of its stages takes its profiled time ÷ speed (as each link takes");
        md.AppendLine("bytes ÷ bandwidth + RTT/2), so device-only errors are near 0 by construction; the edge computes for real, and the");
        md.AppendLine("network, serialisation and gRPC are real, which is what edge-only and split errors measure.");
        md.AppendLine($"Predictions include the RPC stack's own cost per message, measured on this loopback before the sweep: {transport}.");
        md.AppendLine();
        var all = rows.SelectMany(x => x.Cell.Runs).ToList();
        md.AppendLine($"- measured p50 within 15 % of predicted: **{all.Count(m => Math.Abs(m.Error) <= 0.15)} of {all.Count}** plans (largest error {all.Max(m => Math.Abs(m.Error)) * 100:0} %)");
        md.AppendLine($"- the planner's choice within 10 % of the best plan measured in the same cell: **{rows.Count(x => x.Cell.ChoiceRegret <= 0.10)} of {rows.Count}** cells");
        md.AppendLine();
        md.AppendLine("| model | network | device speed | device-only | edge-only | best split | chosen | chosen ms | speedup | choice vs best measured |");
        md.AppendLine("|---|---|---:|---:|---:|---|---|---:|---:|---:|");
        foreach (var (model, c) in rows)
            md.AppendLine($"| `{model}` | {c.Network} | {c.DeviceSpeed:G} | {Ms(c.Of("device-only"))} | {Ms(c.Of("edge-only"))} | {Split(c)} | {Chosen(c)} | {Ms(c.Of(c.Chosen))} | {c.Speedup:F2}× | +{c.ChoiceRegret:P0} |");
        AtomicFile.WriteAllText(path, md.ToString(), "Markdown");
    }
}
