using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Net.Serving.Load;

namespace Verge.Cli.Commands;

/// <summary>`verge load URL --model NAME`: a load generator for the edge server (perf_analyzer's job) over the Open Inference Protocol.</summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var url = new Argument<string>("URL") { Description = "The server's gRPC address, http://HOST:PORT or https://HOST:PORT (as `verge serve --models` prints it)" };
        var model = new Option<string>("--model") { Description = "The model to load", Required = true };
        var concurrency = new Option<int?>("--concurrency") { Description = "Closed-loop clients, each sending its next request when answered (default 1)" };
        var rate = new Option<double?>("--rate") { Description = "Open loop: requests per second, sent whether answered or not" };
        var streams = new Option<int>("--streams") { Description = "Send requests as frames of S streams (stream_id + sequence); reports age of information", DefaultValueFactory = _ => 0 };
        var duration = new Option<double>("--duration") { Description = "Seconds to send for (per point with --sweep)", DefaultValueFactory = _ => 10 };
        var deadline = new Option<double?>("--deadline-ms") { Description = "Deadline per request in ms, sent as the deadline_ms parameter for the server to enforce (a late answer counts as a miss)" };
        var sweep = new Option<string?>("--sweep")
        {
            Description = "One run per value, e.g. --sweep concurrency=1,2,4,8,16,32,64 or --sweep rate=50,100,200: a table row per point; " +
                          "--json writes an array of points (each with its concurrency or rate); --plot draws throughput vs p99",
            HelpName = "AXIS=V1,V2,…",
        };
        var plot = new Option<string?>("--plot") { Description = "Write a PNG: throughput and latency over the run (with --sweep: p99 latency vs throughput)", HelpName = "FILE.png" };
        var json = CommonOptions.Json();
        var command = new Command("load", "Send load to an edge server over the Open Inference Protocol: throughput, latency percentiles, rejections, goodput, age of information")
            { url, model, concurrency, rate, streams, duration, deadline, sweep, json, plot };
        var security = new ClientSecurityOptions();
        security.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var options = Options(r.GetValue(url)!, r.GetValue(model)!, r.GetValue(concurrency), r.GetValue(rate),
                r.GetValue(streams), r.GetValue(duration), r.GetValue(deadline)) with { Security = security.Read(r) };
            var sweepText = r.GetValue(sweep);
            var swept = sweepText is null ? null : Sweep(sweepText, r.GetValue(concurrency), r.GetValue(rate));
            var (jsonPath, plotPath) = (r.GetValue(json), r.GetValue(plot));
            if (plotPath is not null && !plotPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"--plot '{plotPath}' must name a .png file");
            var console = Ui.For(jsonPath);
            if (swept is null)
            {
                var report = await LoadGenerator.RunAsync(options, ct);
                if (!JsonOutput.ToStdout(jsonPath)) LoadView.Render(console, options, report);
                JsonOutput.Write(report, jsonPath);
                if (plotPath is not null) LoadPlot.Save(options, report, plotPath);
            }
            else
            {
                var points = await swept.RunAsync(options, p => Console.Error.WriteLine(
                    $"verge load: {swept.AxisName} {p.Value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}: {LoadView.Number(p.Report.ThroughputRps)} req/s, p99 {LoadView.Number(p.Report.P99Ms)} ms"), ct);
                LoadView.Render(console, options, swept, points);
                JsonOutput.Write(Points(swept, points), jsonPath);
                if (plotPath is not null) LoadPlot.Save(options, swept, points, plotPath);
            }
            if (plotPath is not null && !JsonOutput.ToStdout(jsonPath)) console.MarkupLine($"plot: [bold]{Markup.Escape(plotPath)}[/]");
            return 0;
        });
        return command;
    }

    private static LoadOptions Options(string url, string model, int? concurrency, double? rate, int streams, double duration, double? deadline)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new UsageException($"URL '{url}' is not of the form http://HOST:PORT or https://HOST:PORT; give the gRPC address `verge serve` printed");
        if (concurrency is not null && rate is not null)
            throw new UsageException("--concurrency and --rate both given; choose closed loop (--concurrency) or open loop (--rate)");
        if (concurrency is < 1)
            throw new UsageException($"--concurrency {concurrency} must be at least 1");
        if (rate is double r && (!(r > 0) || !double.IsFinite(r)))
            throw new UsageException($"--rate {r} must be a positive number of requests per second");
        if (streams < 0)
            throw new UsageException($"--streams {streams} must be 0 or more");
        if (!(duration > 0) || !double.IsFinite(duration))
            throw new UsageException($"--duration {duration} must be a positive number of seconds");
        if (deadline is double d && (!(d > 0) || !double.IsFinite(d)))
            throw new UsageException($"--deadline-ms {d} must be a positive number of milliseconds");
        return new LoadOptions(url, model)
        {
            Concurrency = concurrency ?? 1,
            Rate = rate,
            Streams = streams,
            Duration = TimeSpan.FromSeconds(duration),
            DeadlineMs = deadline,
        };
    }

    private static LoadSweep Sweep(string text, int? concurrency, double? rate)
    {
        var sweep = LoadSweep.Parse(text);
        if (sweep.Axis == LoadSweepAxis.Concurrency && concurrency is not null)
            throw new UsageException("--concurrency and --sweep concurrency=… both given; drop --concurrency");
        if (sweep.Axis == LoadSweepAxis.Concurrency && rate is not null)
            throw new UsageException("--rate and --sweep concurrency=… both given; a concurrency sweep is closed loop, drop --rate");
        if (sweep.Axis == LoadSweepAxis.Rate && (rate is not null || concurrency is not null))
            throw new UsageException("--sweep rate=… sets the rate of each point; drop --rate and --concurrency");
        return sweep;
    }

    /// <summary>A sweep's JSON: an array of points, each the single run's keys with its concurrency or rate first.</summary>
    private static JsonArray Points(LoadSweep sweep, IReadOnlyList<LoadPoint> points) => new(points.Select(p =>
    {
        var point = new JsonObject { [sweep.AxisName] = sweep.Axis == LoadSweepAxis.Concurrency ? JsonValue.Create((int)p.Value) : JsonValue.Create(p.Value) };
        foreach (var (key, value) in JsonSerializer.SerializeToNode(p.Report, JsonOutput.Options)!.AsObject())
            point[key] = value?.DeepClone();
        return (JsonNode?)point;
    }).ToArray());
}
