using System.CommandLine;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Learning.Engine;
using Verge.Learning.Federated;
using Verge.Net.Federated.Peers;
using Verge.Net.Hosting;
using Verge.Net.Security;

namespace Verge.Cli.Commands;

/// <summary>`verge fl peer`: one gossip peer, a server and a client at once; no coordinator.</summary>
internal static class FlPeerCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "address to listen on, http://HOST:PORT or https://HOST:PORT (port 0: any free one)", DefaultValueFactory = _ => "http://127.0.0.1:0" };
        var id = new Option<int>("--peer-id") { Description = "this peer's index, 0..N-1 (picks its data share)", Required = true };
        var peers = new Option<int>("--peers") { Description = "N, the number of peers (and data shares)", Required = true };
        var seeds = new Option<string[]>("--join") { Description = "a running peer to introduce this one to, http://HOST:PORT (repeatable; none for the first peer)", HelpName = "URL", AllowMultipleArgumentsPerToken = true };
        var neighbours = new Option<string>("--neighbours") { Description = "whom to average with each round: random or ring", DefaultValueFactory = _ => "random" };
        var rounds = new Option<int>("--rounds") { Description = "rounds: local steps, then one exchange", DefaultValueFactory = _ => 10 };
        var model = new Option<string>("--model") { Description = "model every peer trains", DefaultValueFactory = _ => "cnn-small" };
        var steps = new Option<int>("--local-steps") { Description = "local SGD steps per round", DefaultValueFactory = _ => StrategySettings.DefaultFit.LocalSteps };
        var batch = new Option<int>("--batch") { Description = "local mini-batch size", DefaultValueFactory = _ => StrategySettings.DefaultFit.BatchSize };
        var lr = new Option<double>("--lr") { Description = "local SGD learning rate", DefaultValueFactory = _ => (double)(decimal)StrategySettings.DefaultFit.LearningRate };
        var momentum = new Option<double>("--momentum") { Description = "local SGD momentum (reset every round)", DefaultValueFactory = _ => (double)(decimal)StrategySettings.DefaultFit.Momentum };
        var alpha = new Option<double>("--alpha") { Description = "Dirichlet α of the non-IID split (0: IID)", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit") { Description = "split only the first N training images (0: all)", DefaultValueFactory = _ => 0 };
        var testLimit = new Option<int>("--test-limit") { Description = "test images to evaluate the final model on (0: all, -1: none)", DefaultValueFactory = _ => 1000 };
        var patience = new Option<double>("--patience") { Description = "seconds to wait for the other peers to appear", DefaultValueFactory = _ => 60 };
        var exchangeTimeout = new Option<double>("--exchange-timeout") { Description = "seconds a neighbour has to answer an exchange before it is dropped", DefaultValueFactory = _ => 30 };
        var linger = new Option<double>("--linger") { Description = "seconds to keep answering exchanges with the final weights after the last round", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "seed of the initial weights and the data split (the same on every peer)", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "engine threads", DefaultValueFactory = _ => 1 };
        var data = new Option<string?>("--data") { Description = "Fashion-MNIST folder" };
        var json = new Option<string?>("--json") { Description = "write this peer's result as JSON", HelpName = "FILE" };

        var command = new Command("peer", "Gossip training between peers over gRPC: each trains on its share, then averages with a live neighbour; dead peers are dropped");
        foreach (var o in new Option[] { listen, id, peers, seeds, neighbours, rounds, model, steps, batch, lr, momentum, alpha, limit, testLimit, patience,
                     exchangeTimeout, linger, seed, threads, data, json })
            command.Options.Add(o);
        var server = new ServerSecurityOptions();
        server.AddTo(command, outbound: false);
        var client = new ClientSecurityOptions();
        client.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            int n = r.GetValue(peers), me = r.GetValue(id);
            if (n < 2) throw new UsageException($"--peers {n}: gossip needs at least two peers");
            if (me < 0 || me >= n) throw new UsageException($"--peer-id {me} must be in 0..{n - 1}");
            var choice = r.GetValue(neighbours)!.ToLowerInvariant() switch
            {
                "random" => NeighbourChoice.Random,
                "ring" => NeighbourChoice.Ring,
                var other => throw new UsageException($"--neighbours '{other}' is not understood; use random or ring"),
            };
            var joins = r.GetValue(seeds) ?? [];
            foreach (var url in joins)
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                    throw new UsageException($"--join '{url}' is not of the form http://HOST:PORT or https://HOST:PORT");
            double a = r.GetValue(alpha);
            if (a < 0) throw new UsageException("--alpha must be positive (or 0 for an IID split)");
            var serverSecurity = server.Read(r);
            var where = NodeHostOptions.FromListenUrl("edge", r.GetValue(listen)!, 1, serverSecurity);
            var options = new GossipPeerOptions(me, n, r.GetValue(model)!, CommonOptions.Positive(r.GetValue(rounds), "--rounds"))
            {
                Seeds = joins, Neighbours = choice, Seed = r.GetValue(seed), Alpha = a > 0 ? a : null, TrainLimit = r.GetValue(limit),
                TestLimit = r.GetValue(testLimit), DataDirectory = r.GetValue(data),
                Fit = new FitConfig(CommonOptions.Positive(r.GetValue(steps), "--local-steps"), CommonOptions.Positive(r.GetValue(batch), "--batch"),
                    (float)r.GetValue(lr), (float)r.GetValue(momentum)),
                Patience = Seconds(r.GetValue(patience), "--patience"), ExchangeTimeout = Seconds(r.GetValue(exchangeTimeout), "--exchange-timeout"),
                Linger = Seconds(r.GetValue(linger), "--linger"), Outbound = client.Read(r),
            };
            using var engineThreads = Parallelism.Use(CommonOptions.Positive(r.GetValue(threads), "--threads"));
            var result = await GossipPeer.RunAsync(options, where.Host, where.Port, serverSecurity, line =>
            {
                Console.WriteLine($"verge fl {line}");
                Console.Out.Flush();
            }, ct);
            if (r.GetValue(json) is { } file) JsonOutput.Write(result, file);
            return 0;
        });
        return command;
    }

    private static TimeSpan Seconds(double value, string flag) =>
        value >= 0 && value <= 86_400 ? TimeSpan.FromSeconds(value) : throw new UsageException($"{flag} {value} must be between 0 and 86400 seconds");
}
