using Spectre.Console;
using Verge.Learning.Federated;
using Verge.Learning.Federated.Codecs;
using Verge.Net.Federated;

namespace Verge.Cli.Demo;

/// <summary>
/// Demo step: federated averaging over real gRPC on loopback — an in-process server and three device clients, each
/// training on its own non-IID share of Fashion-MNIST; only 8-bit quantized updates travel up.
/// </summary>
public static class FederatedDemo
{
    public static async Task RunAsync(CancellationToken ct)
    {
        const int clients = 3, rounds = 3;
        AnsiConsole.MarkupLine($"[bold]Federated[/]: FedAvg over gRPC on loopback, {clients} clients (Dirichlet α=0.5 shares of 3,000 images), " +
                               $"{rounds} rounds, 8-bit updates.");
        var options = new FederationServerOptions("fedavg", "mlp", "q8", rounds, MinClients: clients)
        {
            Settings = new StrategySettings { Fit = new FitConfig(LocalSteps: 30, BatchSize: 32, LearningRate: 0.1f) },
            RoundTimeout = TimeSpan.FromSeconds(30),
            TestLimit = 2000,
        };
        var summaries = new List<RoundSummary>();
        await using var server = await FederationServer.StartAsync(options, "127.0.0.1", 0, _ => { }, ct);
        server.Coordinator.RoundCompleted += s => { lock (summaries) summaries.Add(s); };
        var devices = Enumerable.Range(0, clients).Select(id => Task.Run(() => FederationClientRunner.RunAsync(
            new FederationClientOptions(server.Url, id, clients) { Alpha = 0.5, TrainLimit = 3000 }, _ => { }, ct), ct)).ToList();
        await server.Completion;
        await Task.WhenAll(devices);

        var fp32Bytes = Fp32Codec.EncodedSize(server.Coordinator.Strategy.ConfigureEvaluate(rounds).Length);
        var table = new Table().AddColumns("round", "updates", "uplink (8-bit)", "uplink if fp32", "test accuracy");
        foreach (var s in summaries.OrderBy(s => s.Round))
            table.AddRow($"{s.Round}", $"{s.Contributors.Count}/{s.Asked}", Output.Ui.Bytes(s.UplinkBytes),
                Output.Ui.Bytes((long)fp32Bytes * s.Contributors.Count), s.TestAccuracy is { } a ? $"{a:P1}" : "-");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"server {Markup.Escape(server.Url)}: {summaries.Count} rounds, the training images never left the clients.");
    }
}
