using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Inference.Zoo;
using Verge.Net.Benchmarks.Serving;

namespace Verge.Cli.Commands;

/// <summary>
/// <c>verge bench serving</c>: the edge server in this process over real loopback gRPC, driven by `verge load`'s
/// generator — batching off vs on, FIFO vs EDF + admission under overload, FIFO vs latest-only streams, and a soak —
/// written to docs/results/serving.md (+ a PNG) with the command that made it and the host's state.
/// </summary>
internal static class BenchServingCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var d = new ServingBenchOptions();
        var model = new Option<string>("--model") { Description = "a Fashion-MNIST model with a symbolic batch dimension", DefaultValueFactory = _ => "zoo:lenet5", HelpName = "MODEL" };
        var overloadModel = new Option<string>("--overload-model") { Description = "the model of the overload scenario (compute-bound)", DefaultValueFactory = _ => "zoo:" + d.OverloadModelName, HelpName = "MODEL" };
        var streamsModel = new Option<string>("--streams-model") { Description = "the model of the streams scenario", DefaultValueFactory = _ => "zoo:" + d.StreamsModelName, HelpName = "MODEL" };
        var clients = new Option<int>("--clients") { Description = "closed-loop clients of the batching comparison", DefaultValueFactory = _ => d.Clients };
        var seconds = new Option<double>("--seconds") { Description = "length of each measured run", DefaultValueFactory = _ => d.RunDuration.TotalSeconds };
        var warmup = new Option<double>("--warmup-seconds") { Description = "closed-loop warm-up before each run", DefaultValueFactory = _ => d.Warmup.TotalSeconds };
        var instances = new Option<int>("--instances") { Description = "ONNX Runtime sessions of the model", DefaultValueFactory = _ => d.Instances };
        var overload = new Option<double>("--overload") { Description = "open-loop rate as a multiple of the measured capacity", DefaultValueFactory = _ => d.Overload };
        var deadlineFactor = new Option<double>("--deadline-factor") { Description = "overload deadline as a multiple of the mean compute time per answer at capacity", DefaultValueFactory = _ => d.DeadlineFactor };
        var deadlineMs = new Option<double?>("--deadline-ms") { Description = "a fixed overload deadline instead" };
        var streams = new Option<int>("--streams") { Description = "streams of the freshness comparison", DefaultValueFactory = _ => d.Streams };
        var soakStreams = new Option<int>("--soak-streams") { Description = "concurrent device streams of the soak", DefaultValueFactory = _ => d.SoakStreams };
        var soakSeconds = new Option<double>("--soak-seconds") { Description = "length of the soak", DefaultValueFactory = _ => d.SoakDuration.TotalSeconds };
        var doc = new Option<string>("--doc") { Description = "markdown file for the results", DefaultValueFactory = _ => "docs/results/serving.md", HelpName = "FILE.md" };
        var plot = new Option<string?>("--plot") { Description = "PNG of the comparisons", DefaultValueFactory = _ => "docs/results/serving.png", HelpName = "FILE.png" };
        var json = CommonOptions.Json();
        var command = new Command("serving", "The edge server under load: batching, EDF + admission under overload, latest-only streams, a soak; writes docs/results/serving.md")
        {
            model, overloadModel, streamsModel, clients, seconds, warmup, instances, overload, deadlineFactor, deadlineMs, streams, soakStreams, soakSeconds, doc, plot, json,
        };
        command.SetAction(async (r, ct) =>
        {
            var name = r.GetValue(model)!;
            var overloadName = r.GetValue(overloadModel)!;
            var streamsName = r.GetValue(streamsModel)!;
            var options = new ServingBenchOptions
            {
                ModelName = ShortName(name),
                ModelPath = zoo.Resolve(name),
                OverloadModelName = ShortName(overloadName),
                OverloadModelPath = zoo.Resolve(overloadName),
                StreamsModelName = ShortName(streamsName),
                StreamsModelPath = zoo.Resolve(streamsName),
                Clients = CommonOptions.Positive(r.GetValue(clients), "--clients"),
                RunDuration = Seconds(r.GetValue(seconds), "--seconds"),
                Warmup = TimeSpan.FromSeconds(NonNegative(r.GetValue(warmup), "--warmup-seconds")),
                Instances = CommonOptions.Positive(r.GetValue(instances), "--instances"),
                Overload = Positive(r.GetValue(overload), "--overload"),
                DeadlineFactor = Positive(r.GetValue(deadlineFactor), "--deadline-factor"),
                DeadlineMs = r.GetValue(deadlineMs) is { } ms ? Positive(ms, "--deadline-ms") : null,
                Streams = CommonOptions.Positive(r.GetValue(streams), "--streams"),
                SoakStreams = CommonOptions.Positive(r.GetValue(soakStreams), "--soak-streams"),
                SoakDuration = Seconds(r.GetValue(soakSeconds), "--soak-seconds"),
            };
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);
            var commandLine = "verge " + string.Join(' ', r.Tokens.Select(t => t.Value));
            var hostBefore = HostState.Read();
            var report = await ServingBench.RunAsync(options, line => console.MarkupLine($"[grey]{Markup.Escape(line)}[/]"), ct);
            var host = $"{hostBefore} at the start, {HostState.Read()} at the end";

            if (!JsonOutput.ToStdout(jsonPath)) ServingReport.Render(console, report);
            var plotPath = r.GetValue(plot);
            ServingReport.WriteMarkdown(r.GetValue(doc)!, report, commandLine, host, plotPath);
            if (plotPath is not null) ServingPlot.Save(report, plotPath);
            JsonOutput.Write(new { Command = commandLine, Host = host, Report = report }, jsonPath);
            return 0;
        });
        return command;
    }

    private static string ShortName(string model) =>
        ModelZoo.IsZooName(model) ? model[ModelZoo.Prefix.Length..] : Path.GetFileNameWithoutExtension(model);

    private static TimeSpan Seconds(double value, string flag) => TimeSpan.FromSeconds(Positive(value, flag));

    private static double Positive(double value, string flag) => value > 0 && double.IsFinite(value)
        ? value : throw new UsageException($"{flag} must be a positive number, not {value.ToString(CultureInfo.InvariantCulture)}");

    private static double NonNegative(double value, string flag) => value >= 0 && double.IsFinite(value)
        ? value : throw new UsageException($"{flag} must be 0 or more, not {value.ToString(CultureInfo.InvariantCulture)}");
}
