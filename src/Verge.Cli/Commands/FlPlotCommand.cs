using System.CommandLine;
using System.Text.Json;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Learning.Federated.Simulation;

namespace Verge.Cli.Commands;

/// <summary>`verge fl plot`: several `fl simulate --json` reports on one accuracy-vs-rounds and accuracy-vs-uplink figure.</summary>
internal static class FlPlotCommand
{
    public static Command Create()
    {
        var reports = new Argument<string[]>("reports") { Description = "JSON files written by verge fl simulate --json", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "the PNG to write", Required = true, HelpName = "FILE.png" };
        var by = new Option<string>("--by") { Description = "the left plot's x axis: rounds, or seconds (the simulated clock, a budget's unit)", DefaultValueFactory = _ => "rounds" };
        CommonOptions.OneOf(by, "rounds", "seconds");
        var command = new Command("plot", "Plot simulation reports side by side: accuracy vs rounds and vs cumulative uplink bytes");
        command.Arguments.Add(reports);
        command.Options.Add(output);
        command.Options.Add(by);
        command.SetAction((ParseResult r) =>
        {
            var paths = r.GetValue(reports)!;
            bool bySeconds = r.GetValue(by) == "seconds";
            // By seconds, runs of one strategy and codec differ in their local work: the file names tell them apart.
            FederatedPlot.Save(paths.Select(Read).ToList(), r.GetValue(output)!, bySeconds,
                bySeconds ? paths.Select(Path.GetFileNameWithoutExtension).Select(n => n!).ToList() : null);
            return 0;
        });
        return command;
    }

    internal static SimulationReport Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            var rounds = root.GetProperty("rounds").EnumerateArray().Select(x => new RoundRecord(x.GetProperty("round").GetInt32(),
                x.GetProperty("test_acc").GetDouble(), x.GetProperty("uplink_bytes").GetInt64(), x.GetProperty("downlink_bytes").GetInt64(),
                x.GetProperty("sim_seconds").GetDouble(), x.GetProperty("wall_seconds").GetDouble(), x.GetProperty("participants").GetInt32())
                {
                    CloudUplinkBytes = x.TryGetProperty("cloud_uplink_bytes", out var cloud) ? cloud.GetInt64() : null,
                }).ToList();
            if (rounds.Count == 0) throw new InputException($"'{path}' holds no rounds");
            return new SimulationReport(root.GetProperty("strategy").GetString()!, root.GetProperty("codec").GetString()!,
                root.GetProperty("clients").GetInt32(), rounds, rounds[^1].TestAcc, rounds.Sum(x => x.UplinkBytes))
            {
                Model = root.TryGetProperty("model", out var m) ? m.GetString() ?? "" : "",
                Alpha = root.TryGetProperty("alpha", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetDouble() : null,
                LocalSteps = root.TryGetProperty("local_steps", out var l) ? l.GetInt32() : 0,
            };
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InputException($"cannot read simulation report '{path}': {e.Message}");
        }
    }
}
