using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Inference.Runtime;
using Verge.Inference.Runtime.Scenarios;
using Verge.Inference.Zoo;

namespace Verge.Cli.Commands;

/// <summary>
/// <c>verge bench infer MODEL --scenario …</c>: MLPerf LoadGen's single-stream, offline and server scenarios over one
/// ONNX Runtime session, with minimum duration and query counts and a VALID/INVALID verdict; recorded in the results store.
/// </summary>
internal static class BenchInferCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var d = new ScenarioSettings();
        var model = CommonOptions.Model();
        var scenario = new Option<string>("--scenario") { Description = "single-stream (p90 latency), offline (throughput) or server (max Poisson rate within the p99 bound)", DefaultValueFactory = _ => "single-stream" };
        CommonOptions.OneOf(scenario, ScenarioNames.All);
        var minDuration = new Option<double>("--min-duration") { Description = "minimum seconds a run (a server trial) must last to be VALID (MLPerf: 600)", DefaultValueFactory = _ => d.MinDuration.TotalSeconds, HelpName = "SECONDS" };
        var minQueries = new Option<int>("--min-queries") { Description = "minimum queries a run must have to be VALID (MLPerf: 1024)", DefaultValueFactory = _ => d.MinQueries };
        var queries = new Option<int?>("--queries") { Description = "issue exactly N queries instead of running until both minimums are met", HelpName = "N" };
        var bound = new Option<double>("--latency-bound-ms") { Description = "server: the bound on the 99th-percentile latency", DefaultValueFactory = _ => d.LatencyBoundMs };
        var steps = new Option<int>("--search-steps") { Description = "server: rates tried while searching for the highest one within the bound", DefaultValueFactory = _ => d.SearchSteps };
        var warmup = new Option<int>("--warmup") { Description = "queries run before measuring", DefaultValueFactory = _ => d.Warmup };
        var threads = CommonOptions.Threads();
        var ep = ProviderOption.Create();
        var shape = CommonOptions.Shape();
        var json = CommonOptions.Json();
        var command = new Command("infer", "MLPerf-style inference scenarios (single-stream, offline, server) with a VALID/INVALID verdict")
        {
            model, scenario, minDuration, minQueries, queries, bound, steps, warmup, threads, ep, shape, json,
        };
        command.SetAction((r, ct) =>
        {
            var settings = new ScenarioSettings
            {
                MinDuration = TimeSpan.FromSeconds(r.GetValue(minDuration)),
                MinQueries = r.GetValue(minQueries),
                Queries = r.GetValue(queries),
                LatencyBoundMs = r.GetValue(bound),
                SearchSteps = r.GetValue(steps),
                Warmup = r.GetValue(warmup),
            };
            var which = ScenarioNames.Parse(r.GetValue(scenario)!);
            string provider = r.GetValue(ep)!;
            int t = CommonOptions.Positive(r.GetValue(threads), "--threads");
            var graph = CommonOptions.LoadModel(zoo, r, model, shape);
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);
            using var sut = new SessionUnderTest(graph, t, provider);
            console.MarkupLine($"[grey]{Markup.Escape($"{ScenarioNames.Of(which)}: {graph.Source} on {provider}, {t} threads")}[/]");
            var result = new LoadGenerator(settings, sut.Issue).Run(which, line => console.MarkupLine($"[grey]{Markup.Escape(line)}[/]"), ct)
                with { Model = graph.Source, Provider = provider, Threads = t };
            if (!JsonOutput.ToStdout(jsonPath)) Render(console, result);
            JsonOutput.Write(result, jsonPath);
            return Task.FromResult(0);
        });
        return command;
    }

    private static void Render(IAnsiConsole console, ScenarioResult r)
    {
        string F(double? x, string unit) => x is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) + unit : "-";
        var table = new Table().Border(TableBorder.Rounded).Title($"{Markup.Escape(r.Model)} · {r.Scenario} · {r.Provider}")
            .AddColumns("queries", "duration", "p50", "p90", "p99", "throughput", "max rate within p99 bound");
        table.AddRow(r.Queries.ToString(CultureInfo.InvariantCulture), F(r.DurationS, " s"), F(r.P50Ms, " ms"), F(r.P90Ms, " ms"), F(r.P99Ms, " ms"),
            F(r.ThroughputIps, " /s"), r.MaxQps is { } q ? $"{q.ToString("0.##", CultureInfo.InvariantCulture)} queries/s (p99 ≤ {F(r.LatencyBoundMs, " ms")})" : "-");
        console.Write(table);
        console.MarkupLine($"{(r.Valid ? "[green]VALID[/]" : "[red]INVALID[/]")}: {Markup.Escape(r.Reason)}");
    }
}
