using System.Globalization;
using Spectre.Console;
using Verge.Core.Files;
using Verge.Inference.Zoo;
using Verge.Net.Hosting;
using Verge.Net.Serving;
using Verge.Net.Serving.Load;

namespace Verge.Cli.Demo;

/// <summary>
/// Demo step: one edge server, many devices — the zoo's Fashion-MNIST LeNet-5 served over the Open Inference
/// Protocol twice, without and with dynamic batching (the config of examples/models/lenet5), each hit by a few
/// hundred requests from simulated devices (closed-loop clients of `verge load`), with the live dashboard's address.
/// </summary>
public static class ServingDemo
{
    private const int Devices = 32, Requests = 320;

    // Batching off: no dynamic_batching section, so (as in Triton) requests are never combined.
    private const string Unbatched = "max_batch_size: 32\nprofile_runs: 1\n";

    // Batching on: examples/models/lenet5/config.yaml's batcher. A model with a fixed batch dimension is still served
    // one request per run (the server says so below); the zoo's exports with a dynamic batch dimension batch here.
    private const string Batched = "max_batch_size: 32\ndynamic_batching:\n  max_queue_delay_us: 2000\n  preferred_batch_sizes: [8, 16, 32]\nprofile_runs: 1\n";

    public static async Task RunAsync(ModelZoo zoo, string dir, CancellationToken ct)
    {
        var root = Path.Combine(dir, "edge-models");
        var model = zoo.Resolve("zoo:lenet5");
        foreach (var (name, config) in new[] { ("lenet5", Unbatched), ("lenet5-batched", Batched) })
        {
            AtomicFile.WriteAllBytes(Path.Combine(root, name, "1", "model.onnx"), File.ReadAllBytes(model), "model");
            AtomicFile.WriteAllText(Path.Combine(root, name, "config.yaml"), config, "model config");
        }
        AnsiConsole.MarkupLine($"[bold]Edge server[/]: zoo:lenet5 twice in one repository ({Markup.Escape(root)}), batching off and on; " +
                               $"{Devices} simulated devices send {Requests} requests to each over gRPC (Open Inference Protocol).");
        await using var host = await ServingHost.StartAsync(root, new NodeHostOptions("edge"), "http://127.0.0.1:0", ct: ct);
        AnsiConsole.MarkupLine($"dashboard: [bold]{Markup.Escape(host.RestUrl!)}/[/] (live while this step runs; to keep one open: " +
                               "[bold]examples/models/populate && ./verge serve --models examples/models --http-listen http://127.0.0.1:8000[/], then open http://127.0.0.1:8000/)");
        foreach (var status in host.Server.Models().Where(s => s.Name == "lenet5-batched" && s.Message.Length > 0))
            AnsiConsole.MarkupLine($"  {Markup.Escape(status.Name)}: {Markup.Escape(status.Message)}");

        var table = new Table().AddColumns("batching", "model", "answered", "throughput (req/s)", "p50 (ms)", "p99 (ms)", "mean batch");
        foreach (var (label, name) in new[] { ("off", "lenet5"), ("on", "lenet5-batched") })
        {
            var load = new LoadOptions(host.Url, name) { Concurrency = Devices, Requests = Requests, Duration = TimeSpan.FromMinutes(2) };
            await LoadGenerator.RunAsync(load with { Requests = Devices }, ct); // warm-up: connections, JIT; not measured
            var before = host.Server.Statistics(name).RunsByBatchSize();
            var report = await LoadGenerator.RunAsync(load, ct);
            var runs = host.Server.Statistics(name).RunsByBatchSize().Select((n, size) => n - before[size]).ToArray();
            double rows = runs.Select((n, size) => (double)n * size).Sum(), count = runs.Sum();
            table.AddRow(label, name, $"{report.Answered}/{report.Requests}", F(report.ThroughputRps), F(report.P50Ms), F(report.P99Ms),
                count == 0 ? "-" : F(rows / count));
        }
        AnsiConsole.Write(table);
    }

    private static string F(double v) => double.IsNaN(v) ? "-" : v.ToString("0.00", CultureInfo.InvariantCulture);
}
