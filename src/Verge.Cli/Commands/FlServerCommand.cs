using System.CommandLine;
using Verge.Cli.Options;
using Verge.Core.Errors;
using Verge.Learning.Engine;
using Verge.Learning.Federated;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Federated.Robust;
using Verge.Net.Federated;
using Verge.Net.Hosting;

namespace Verge.Cli.Commands;

/// <summary>`verge fl server`: coordinates federated rounds over gRPC, checkpointing after each one.</summary>
internal static class FlServerCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "address to listen on, http://HOST:PORT or https://HOST:PORT", DefaultValueFactory = _ => "http://127.0.0.1:50061" };
        var strategy = new Option<string>("--strategy") { Description = $"one of: {string.Join(", ", StrategyCatalog.ServerNames)}, async-sgd (staleness-aware, sparsified with --codec topk:F; runs --rounds × --min-clients updates)", DefaultValueFactory = _ => "fedavg" };
        var rounds = new Option<int>("--rounds") { Description = "rounds to run", DefaultValueFactory = _ => 10 };
        var minClients = new Option<int>("--min-clients") { Description = "clients that must be present before a round starts", DefaultValueFactory = _ => 2 };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "folder to checkpoint into after every round, and to resume from", HelpName = "DIR" };
        var model = new Option<string>("--model") { Description = "model the clients train", DefaultValueFactory = _ => "cnn-small" };
        var codec = new Option<string>("--codec") { Description = $"clients' update codec: {CodecSpec.Help}", DefaultValueFactory = _ => "fp32" };
        var steps = new Option<int>("--local-steps") { Description = "local SGD steps per client per round", DefaultValueFactory = _ => StrategySettings.DefaultFit.LocalSteps };
        var batch = new Option<int>("--batch") { Description = "local mini-batch size", DefaultValueFactory = _ => StrategySettings.DefaultFit.BatchSize };
        var lr = new Option<double>("--lr") { Description = "local SGD learning rate", DefaultValueFactory = _ => (double)(decimal)StrategySettings.DefaultFit.LearningRate };
        var momentum = new Option<double>("--momentum") { Description = "local SGD momentum (reset every round)", DefaultValueFactory = _ => (double)(decimal)StrategySettings.DefaultFit.Momentum };
        var fraction = new Option<double>("--fraction") { Description = "fedavg/hierarchical: fraction of present clients per round", DefaultValueFactory = _ => 1.0 };
        var aggregate = new Option<string>("--aggregate") { Description = $"fedavg: how updates combine: {AggregationRule.Help}", DefaultValueFactory = _ => "mean" };
        var backup = new Option<int>("--backup") { Description = "sync-sgd: backup workers", DefaultValueFactory = _ => 0 };
        var timeout = new Option<double>("--round-timeout") { Description = "seconds a round waits for missing clients before completing with the rest", DefaultValueFactory = _ => 60 };
        var quorumWait = new Option<double>("--quorum-wait") { Description = "seconds a round short of --min-clients waits for lost clients before the server stops", DefaultValueFactory = _ => 300 };
        var testLimit = new Option<int>("--test-limit") { Description = "test images to evaluate on after each round (0: all, -1: none)", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "seed of the initial weights and the data split", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "engine threads for evaluation", DefaultValueFactory = _ => 1 };
        var data = new Option<string?>("--data") { Description = "Fashion-MNIST folder" };
        var mixing = new Option<double>("--async-mixing") { Description = "async-sgd: weight of a fresh update (damped by (1+staleness)^-exponent)", DefaultValueFactory = _ => 0.5 };
        var exponent = new Option<double>("--staleness-exponent") { Description = "async-sgd: how fast an update's weight falls with its staleness", DefaultValueFactory = _ => 0.5 };

        var command = new Command("server", "Coordinate federated training rounds over gRPC (h2c, or TLS with --tls-cert); resumes from --checkpoint after a restart");
        foreach (var o in new Option[] { listen, strategy, rounds, minClients, checkpoint, model, codec, steps, batch, lr, momentum, fraction, aggregate, backup, timeout,
                     quorumWait, testLimit, seed, threads, data, mixing, exponent })
            command.Options.Add(o);
        var security = new ServerSecurityOptions();
        security.AddTo(command, outbound: false);
        var secure = new SecureAggregationOptions();
        secure.AddTo(command);
        var dp = new DpFedAvgFlags();
        dp.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var serverSecurity = security.Read(r);
            var where = NodeHostOptions.FromListenUrl("edge", r.GetValue(listen)!, 1, serverSecurity);
            double seconds = r.GetValue(timeout);
            if (!(seconds > 0)) throw new UsageException("--round-timeout must be a positive number of seconds");
            double quorumSeconds = r.GetValue(quorumWait);
            if (!(quorumSeconds > 0 && quorumSeconds <= 1e6)) throw new UsageException("--quorum-wait must be a positive number of seconds (at most 1e6)");
            var options = new FederationServerOptions(r.GetValue(strategy)!.ToLowerInvariant(), r.GetValue(model)!, r.GetValue(codec)!,
                CommonOptions.Positive(r.GetValue(rounds), "--rounds"), CommonOptions.Positive(r.GetValue(minClients), "--min-clients"))
            {
                Settings = new StrategySettings
                {
                    Fit = new FitConfig(CommonOptions.Positive(r.GetValue(steps), "--local-steps"), CommonOptions.Positive(r.GetValue(batch), "--batch"),
                        (float)r.GetValue(lr), (float)r.GetValue(momentum)),
                    Fraction = r.GetValue(fraction), BackupWorkers = r.GetValue(backup), Seed = r.GetValue(seed),
                    Aggregation = CommonOptions.Aggregation(r.GetValue(aggregate)!, r.GetValue(strategy)!),
                    AsyncMixing = (float)r.GetValue(mixing), StalenessExponent = (float)r.GetValue(exponent),
                },
                RoundTimeout = TimeSpan.FromSeconds(seconds),
                QuorumWait = TimeSpan.FromSeconds(quorumSeconds),
                CheckpointDirectory = r.GetValue(checkpoint),
                TestLimit = r.GetValue(testLimit),
                DataDirectory = r.GetValue(data),
                SecureAggregation = secure.Read(r),
                Dp = dp.Read(r),
            };
            using var engineThreads = Parallelism.Use(CommonOptions.Positive(r.GetValue(threads), "--threads"));
            void Log(string line)
            {
                Console.WriteLine($"verge fl server: {line}");
                Console.Out.Flush();
            }
            if (options.Strategy == "async-sgd")
                return await AsyncServerAsync(options, where.Host, where.Port, Log, serverSecurity, ct);
            await using var server = await FederationServer.StartAsync(options, where.Host, where.Port, Log, ct, serverSecurity);
            Log($"{options.Strategy} listening on {server.Url}" + (server.ResumedAfter > 0 ? $", resuming after round {server.ResumedAfter}" : ""));
            try
            {
                await server.Completion.WaitAsync(ct);
                await server.Coordinator.WaitForClientsToFinishAsync(TimeSpan.FromSeconds(3), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl-C or SIGTERM: the checkpoint of the last completed round is already on disk.
            }
            return 0;
        });
        return command;
    }

    private static async Task<int> AsyncServerAsync(FederationServerOptions options, string host, int port, Action<string> log,
        Net.Security.ServerSecurity security, CancellationToken ct)
    {
        await using var server = await AsyncFederationServer.StartAsync(options, host, port, log, ct, security);
        log($"async-sgd listening on {server.Url}, {server.Coordinator.TotalUpdates} updates to apply");
        try
        {
            await server.Completion.WaitAsync(ct);
            await server.Coordinator.WaitForClientsToFinishAsync(TimeSpan.FromSeconds(3), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM: an asynchronous run keeps no checkpoint.
        }
        return 0;
    }
}
