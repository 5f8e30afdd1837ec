using System.CommandLine;
using System.Globalization;
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
        var url = new Argument<string>("URL") { Description = "The server's gRPC address, http://HOST:PORT (as `verge serve --models` prints it)" };
        var model = new Option<string>("--model") { Description = "The model to load", Required = true };
        var concurrency = new Option<int?>("--concurrency") { Description = "Closed-loop clients, each sending its next request when answered (default 1)" };
        var rate = new Option<double?>("--rate") { Description = "Open loop: requests per second, sent whether answered or not" };
        var streams = new Option<int>("--streams") { Description = "Send requests as frames of S streams (stream_id + sequence); reports age of information", DefaultValueFactory = _ => 0 };
        var duration = new Option<double>("--duration") { Description = "Seconds to send for", DefaultValueFactory = _ => 10 };
        var deadline = new Option<double?>("--deadline-ms") { Description = "Deadline per request in ms (the deadline_ms parameter and the gRPC deadline)" };
        var json = CommonOptions.Json();
        var command = new Command("load", "Send load to an edge server over the Open Inference Protocol: throughput, latency percentiles, rejections, goodput, age of information")
            { url, model, concurrency, rate, streams, duration, deadline, json };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var options = Options(r.GetValue(url)!, r.GetValue(model)!, r.GetValue(concurrency), r.GetValue(rate),
                r.GetValue(streams), r.GetValue(duration), r.GetValue(deadline));
            var jsonPath = r.GetValue(json);
            var report = await LoadGenerator.RunAsync(options, ct);
            if (!JsonOutput.ToStdout(jsonPath))
                Render(Ui.For(jsonPath), options, report);
            JsonOutput.Write(report, jsonPath);
            return 0;
        });
        return command;
    }

    private static LoadOptions Options(string url, string model, int? concurrency, double? rate, int streams, double duration, double? deadline)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new UsageException($"URL '{url}' is not of the form http://HOST:PORT; give the gRPC address `verge serve` printed");
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

    private static void Render(IAnsiConsole console, LoadOptions options, LoadReport report)
    {
        string F(double v) => double.IsNaN(v) ? "-" : v.ToString("0.00", CultureInfo.InvariantCulture);
        var mode = options.Rate is double rate ? $"open loop at {rate:0.#} req/s" : $"{options.Concurrency} closed-loop clients";
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(options.Model)}[/] at {Markup.Escape(options.Url)}, {mode}, {report.DurationS:0.0} s")
            .AddColumn("measure").AddColumn("value", c => c.RightAligned());
        table.AddRow("requests / answered / errors", $"{report.Requests} / {report.Answered} / {report.Errors}");
        table.AddRow("throughput (req/s)", F(report.ThroughputRps));
        table.AddRow("latency p50 / p90 / p95 / p99 (ms)", $"{F(report.P50Ms)} / {F(report.P90Ms)} / {F(report.P95Ms)} / {F(report.P99Ms)}");
        table.AddRow("server queue / compute (ms, mean)", $"{F(report.QueueMs)} / {F(report.ComputeMs)}");
        table.AddRow("rejected", report.Rejected.ToString());
        table.AddRow("deadline misses", report.DeadlineMisses.ToString());
        table.AddRow("goodput (req/s)", F(report.GoodputRps));
        if (options.Streams > 0) table.AddRow("mean age of information (ms)", F(report.MeanAoiMs));
        console.Write(table);
    }
}
