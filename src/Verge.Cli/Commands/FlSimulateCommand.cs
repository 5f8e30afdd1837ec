using System.CommandLine;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Federated;
using Verge.Learning.Federated.AdaptiveTau;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Federated.Hierarchical;
using Verge.Learning.Federated.Robust;
using Verge.Learning.Federated.Simulation;
using Verge.Learning.Models;

namespace Verge.Cli.Commands;

/// <summary>`verge fl simulate`: many clients in one process on a simulated clock (compute speed, link bandwidth).</summary>
internal static class FlSimulateCommand
{
    public static Command Create()
    {
        var clients = new Option<int>("--clients") { Description = "number of simulated clients", DefaultValueFactory = _ => 10 };
        var strategy = new Option<string>("--strategy") { Description = $"one of: {string.Join(", ", StrategyCatalog.Names)}", DefaultValueFactory = _ => "fedavg" };
        var codec = new Option<string>("--codec") { Description = $"update codec: {CodecSpec.Help}", DefaultValueFactory = _ => "fp32" };
        var alpha = new Option<double>("--alpha") { Description = "Dirichlet α of the non-IID split (0: IID)", DefaultValueFactory = _ => 0.5 };
        var rounds = new Option<int>("--rounds") { Description = "rounds to run", DefaultValueFactory = _ => 10 };
        var model = new Option<string>("--model") { Description = $"model: {string.Join(", ", TrainableZoo.Names)}", DefaultValueFactory = _ => "cnn-small" };
        var steps = new Option<int>("--local-steps") { Description = "local SGD steps per client per round", DefaultValueFactory = _ => StrategySettings.DefaultFit.LocalSteps };
        var epochs = new Option<double>("--local-epochs") { Description = "local epochs per round instead of steps (0: use --local-steps)", DefaultValueFactory = _ => 0 };
        var batch = new Option<int>("--batch") { Description = "local mini-batch size", DefaultValueFactory = _ => StrategySettings.DefaultFit.BatchSize };
        var lr = new Option<double>("--lr") { Description = "local SGD learning rate", DefaultValueFactory = _ => (double)(decimal)StrategySettings.DefaultFit.LearningRate };
        var momentum = new Option<double>("--momentum") { Description = "local SGD momentum (reset every round)", DefaultValueFactory = _ => (double)(decimal)StrategySettings.DefaultFit.Momentum };
        var fraction = new Option<double>("--fraction") { Description = "fedavg/hierarchical: fraction of clients per round", DefaultValueFactory = _ => 1.0 };
        var aggregate = new Option<string>("--aggregate") { Description = $"fedavg: how updates combine: {AggregationRule.Help}", DefaultValueFactory = _ => "mean" };
        var attackers = new Option<int>("--attackers") { Description = "poisoned clients (the first K) that alter their updates", DefaultValueFactory = _ => 0 };
        var attack = new Option<string>("--attack") { Description = $"what poisoned clients send: {PoisonAttack.Help}", DefaultValueFactory = _ => "signflip" };
        var backup = new Option<int>("--backup") { Description = "sync-sgd: backup workers (aggregate the first N-b)", DefaultValueFactory = _ => 0 };
        var edges = new Option<int>("--edges") { Description = "hierarchical: edge aggregators", DefaultValueFactory = _ => 2 };
        var threshold = new Option<double>("--sync-threshold") { Description = "hierarchical: relative update norm that triggers an edge->cloud sync", DefaultValueFactory = _ => 0.02 };
        var syncFilter = new Option<string>("--sync-filter") { Description = "hierarchical: gate each edge's whole update (edge) or each parameter, Gaia's filter (parameter)", DefaultValueFactory = _ => "edge" };
        var budget = new Option<double>("--budget") { Description = "stop when the simulated seconds spent leave no room for another round (0: no budget)", DefaultValueFactory = _ => 0 };
        var adaptiveTau = new Option<string?>("--adaptive-tau")
        {
            Description = "fedavg: choose the local steps of each round under --budget: jsac (Wang et al., the default), adacomm (Wang and Joshi) or measured (JSAC's G with the drift measured); --local-steps is the first round's",
            Arity = ArgumentArity.ZeroOrOne, HelpName = "METHOD",
        };
        var tauMax = new Option<int>("--tau-max") { Description = "--adaptive-tau: most local steps per round", DefaultValueFactory = _ => 100 };
        var tauPhi = new Option<double>("--tau-phi") { Description = "--adaptive-tau jsac/measured: Wang et al.'s control parameter φ (their value: 0.025 for SVMs, 5e-5 for CNNs)", DefaultValueFactory = _ => 0.025 };
        var stragglers = new Option<string?>("--stragglers") { Description = "slow or vanishing clients: COUNTxFACTOR terms and drop=P, e.g. 1x5" };
        var speed = new Option<double>("--device-speed") { Description = "simulated training samples per second per device", DefaultValueFactory = _ => ClientProfile.Default.SamplesPerSecond };
        var uplink = new Option<double>("--uplink-mbps") { Description = "simulated device uplink, Mbit/s", DefaultValueFactory = _ => 1.0 };
        var downlink = new Option<double>("--downlink-mbps") { Description = "simulated device downlink, Mbit/s", DefaultValueFactory = _ => 10.0 };
        var trainLimit = new Option<int>("--train-limit") { Description = "partition only the first N training images (0: all)", DefaultValueFactory = _ => 0 };
        var testLimit = new Option<int>("--test-limit") { Description = "evaluate on the first N test images (0: all)", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "seed of weights, split, sampling and devices", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "engine threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var data = new Option<string?>("--data") { Description = $"Fashion-MNIST folder (default {FashionMnist.DefaultDirectory})" };
        var json = CommonOptions.Json();
        var plot = new Option<string?>("--plot") { Description = "write accuracy vs rounds and vs uplink bytes to FILE.png", HelpName = "FILE" };

        var command = new Command("simulate", "Simulate federated training of many clients in one process, with a simulated clock");
        foreach (var o in new Option[] { clients, strategy, codec, alpha, rounds, model, steps, epochs, batch, lr, momentum, fraction, aggregate, attackers, attack, backup, edges,
                     threshold, syncFilter, budget, adaptiveTau, tauMax, tauPhi, stragglers, speed, uplink, downlink, trainLimit, testLimit, seed, threads, data, json, plot })
            command.Options.Add(o);
        CommonOptions.OneOf(syncFilter, "edge", "parameter");
        CommonOptions.OneOf(adaptiveTau, "jsac", "adacomm", "measured");
        var secure = new SecureAggregationOptions();
        secure.AddTo(command);
        var dp = new DpFedAvgFlags();
        dp.AddTo(command);
        var codistill = new CodistillationFlags();
        codistill.AddTo(command);
        var noise = new DataNoiseFlags();
        noise.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var name = r.GetValue(strategy)!.ToLowerInvariant();
            if (!StrategyCatalog.Names.Contains(name)) throw new UsageException($"unknown strategy '{name}'; choose one of: {string.Join(", ", StrategyCatalog.Names)}");
            var codecSpec = r.GetValue(codec)!;
            CodecSpec.Parse(codecSpec);
            double a = r.GetValue(alpha);
            if (a < 0) throw new UsageException("--alpha must be positive (or 0 for an IID split)");
            if (r.GetValue(uplink) <= 0 || r.GetValue(downlink) <= 0 || r.GetValue(speed) <= 0)
                throw new UsageException("--uplink-mbps, --downlink-mbps and --device-speed must be positive");
            var stragglerText = r.GetValue(stragglers) ?? "";
            int clientCount = CommonOptions.Positive(r.GetValue(clients), "--clients");
            if (r.GetValue(backup) >= clientCount) throw new UsageException($"--backup {r.GetValue(backup)} must be below --clients {clientCount}");
            var fit = new FitConfig(CommonOptions.Positive(r.GetValue(steps), "--local-steps"), CommonOptions.Positive(r.GetValue(batch), "--batch"),
                (float)r.GetValue(lr), (float)r.GetValue(momentum)) { LocalEpochs = r.GetValue(epochs) };
            var options = new SimulationOptions(r.GetValue(model)!, clientCount, name, codecSpec, CommonOptions.Positive(r.GetValue(rounds), "--rounds"))
            {
                Settings = new StrategySettings
                {
                    Fit = fit, Seed = r.GetValue(seed), Fraction = r.GetValue(fraction), BackupWorkers = r.GetValue(backup),
                    Aggregation = CommonOptions.Aggregation(r.GetValue(aggregate)!, name),
                    Edges = CommonOptions.Positive(r.GetValue(edges), "--edges"), SignificanceThreshold = r.GetValue(threshold),
                    SyncFilter = r.GetValue(syncFilter) == "parameter" ? SyncFilter.Parameter : SyncFilter.Edge,
                    Codistillation = codistill.Read(r, name),
                },
                Alpha = a > 0 ? a : null,
                Attackers = r.GetValue(attackers) is var k and >= 0 && k <= clientCount ? k
                    : throw new UsageException($"--attackers must be between 0 and --clients {clientCount}"),
                Attack = PoisonAttack.Parse(r.GetValue(attack)!),
                Stragglers = StragglerSpec.Parse(stragglerText),
                StragglerText = stragglerText,
                Device = ClientProfile.Default with
                {
                    SamplesPerSecond = r.GetValue(speed),
                    UplinkBytesPerSecond = r.GetValue(uplink) * 125_000,
                    DownlinkBytesPerSecond = r.GetValue(downlink) * 125_000,
                },
                TrainLimit = r.GetValue(trainLimit),
                TestLimit = r.GetValue(testLimit),
                SecureAggregation = secure.Read(r),
                Dp = dp.Read(r),
                Budget = r.GetValue(budget) is > 0 and var b ? b : null,
                AdaptiveTau = r.GetResult(adaptiveTau) is null ? null
                    : r.GetValue(budget) > 0 ? new AdaptiveTauOptions(r.GetValue(budget), r.GetValue(tauPhi), MaxTau: r.GetValue(tauMax))
                        { Method = r.GetValue(adaptiveTau) switch { "adacomm" => TauMethod.AdaComm, "measured" => TauMethod.Measured, _ => TauMethod.Jsac } }
                    : throw new UsageException("--adaptive-tau chooses local steps under a budget; give --budget SECONDS"),
                DataNoise = noise.Read(r, r.GetValue(seed)),
            };
            TrainableZoo.Create(options.Model);
            using var engineThreads = Parallelism.Use(CommonOptions.Positive(r.GetValue(threads), "--threads"));
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);
            var train = await FashionMnist.LoadTrainAsync(r.GetValue(data), ct);
            var test = await FashionMnist.LoadTestAsync(r.GetValue(data), ct);
            var simulation = new FederatedSimulation(options, train, test);
            console.MarkupLine($"simulating [bold]{name}[/] with codec [bold]{Markup.Escape(codecSpec)}[/]: {options.Clients} clients, " +
                               $"{options.Model}, {(options.Alpha is { } al ? $"Dirichlet α={al:G3}" : "IID")}, {options.Rounds} rounds" +
                               (options.SecureAggregation is null ? "" : ", secure aggregation"));
            var done = new List<RoundRecord>();
            var report = simulation.Run(record =>
            {
                console.MarkupLine($"round {record.Round,3}: test {record.TestAcc:P2}  up {Ui.Bytes(record.UplinkBytes),10}  sim {record.SimSeconds,7:F1} s  " +
                                   $"wall {record.WallSeconds,5:F1} s  {record.Participants} clients" +
                                   (record.Epsilon is { } eps ? $"  ε {eps:F3} (δ {record.Delta:G2})" : "") +
                                   (record.Note is { } note ? $"  [yellow]{Markup.Escape(note)}[/]" : ""));
                // Long runs keep a valid JSON of the rounds so far, so an interrupted run still leaves its numbers.
                done.Add(record);
                if (jsonPath is not null && !JsonOutput.ToStdout(jsonPath))
                    JsonOutput.Write(new SimulationReport(name, codecSpec, options.Clients, done, record.TestAcc, done.Sum(d => d.UplinkBytes)), jsonPath);
            }, ct);
            var table = new Table().AddColumns("strategy", "codec", "clients", "rounds", "final test acc", "uplink", "downlink", "sim time", "wall time");
            table.AddRow(report.Strategy, Markup.Escape(report.Codec), $"{report.Clients}", $"{report.Rounds.Count}", $"{report.FinalTestAcc:P2}",
                Ui.Bytes(report.TotalUplinkBytes), Ui.Bytes(report.TotalDownlinkBytes), $"{report.TotalSimSeconds:F0} s", $"{report.TotalWallSeconds:F0} s");
            console.Write(table);
            if (report.Privacy is { } p)
                console.MarkupLine($"DP-FedAvg: ε = {p.Epsilon:F3} at δ = {p.Delta:G2} after {p.Rounds} rounds (q = {p.SampleRate:G3}, z = {p.Noise:G3}, S = {p.Clip:G3})");
            JsonOutput.Write(report, jsonPath);
            if (r.GetValue(plot) is { } plotPath) FederatedPlot.Save([report], plotPath);
            return 0;
        });
        return command;
    }
}
