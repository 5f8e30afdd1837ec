using System.CommandLine;
using Verge.Cli.Options;
using Verge.Core.Errors;
using Verge.Inference.Privacy.Randomness;
using Verge.Inference.Privacy.TwoParty;
using Verge.Inference.Zoo;
using Verge.Net.Hosting;
using Verge.Net.Privacy;
using Verge.Net.Security;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge private-party dealer|edge|he-edge|trainer`: one party process of a private protocol. The edges hold the
/// model's weights; the dealer hands out Beaver triples. `verge private-infer` starts its parties itself unless
/// given their URLs. Every party serves with TLS and bearer tokens like `verge serve`.
/// </summary>
internal static class PrivatePartyCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var command = new Command("private-party", "Run one party of a private protocol: the triple dealer, the 2pc or he edge holding the weights, or a SecureML server");
        command.Subcommands.Add(Dealer());
        command.Subcommands.Add(Edge(zoo));
        command.Subcommands.Add(HomomorphicEdge(zoo));
        command.Subcommands.Add(Trainer());
        return command;
    }

    private static Option<string> Listen() =>
        new("--listen") { Description = "address to listen on, http(s)://HOST:PORT (port 0: any free port); off loopback it needs --tls-cert and --tokens", DefaultValueFactory = _ => "http://127.0.0.1:0" };

    /// <summary>Every party serves with `verge serve`'s TLS and token flags and calls other parties with the client's (--token, --tls-ca).</summary>
    private sealed class Security
    {
        private readonly ServerSecurityOptions _server = new();
        private readonly ClientSecurityOptions _client = new();

        public Security(Command command)
        {
            _server.AddTo(command, outbound: false);
            _client.AddTo(command);
        }

        public ServerSecurity Server(ParseResult r) => _server.Read(r);
        public ClientSecurity Client(ParseResult r) => _client.Read(r);
    }

    private static Command Dealer()
    {
        var listen = Listen();
        var command = new Command("dealer", "Hand out Beaver triples (the offline phase) to the device and edge parties");
        command.Options.Add(listen);
        var security = new Security(command);
        var partySeed = new PartySeedFlag();
        partySeed.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var where = NodeHostOptions.FromListenUrl("dealer", r.GetValue(listen)!, 1, security.Server(r));
            var (app, url) = await PartyHost.StartDealerAsync(where.Host, where.Port, ct, where.Security, partySeed.Read(r));
            await using (app)
                await ServeUntilStoppedAsync($"dealer listening on {url}", ct);
            return 0;
        });
        return command;
    }

    private static Command Edge(ModelZoo zoo)
    {
        var model = new Argument<string>("model") { Description = "ONNX file or zoo:NAME whose weights the edge holds" };
        var listen = Listen();
        var dealer = new Option<string>("--dealer") { Description = "the dealer's URL", Required = true, HelpName = "URL" };
        var fault = new Option<string?>("--fault") { Description = $"misbehave on purpose, for tests: {string.Join(", ", PartyFault.Names)}", Hidden = true };
        var faultRound = new Option<int>("--fault-round") { Description = "the round the fault happens at", DefaultValueFactory = _ => 4, Hidden = true };
        var command = new Command("edge", "Hold a model's weights and evaluate it on shares with a device party");
        command.Arguments.Add(model);
        foreach (var o in new Option[] { listen, dealer, fault, faultRound }) command.Options.Add(o);
        var security = new Security(command);
        var partySeed = new PartySeedFlag();
        partySeed.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var where = NodeHostOptions.FromListenUrl("edge", r.GetValue(listen)!, 1, security.Server(r));
            if (r.GetValue(fault) is { } f && !PartyFault.Names.Contains(f))
                throw new UsageException($"--fault must be one of: {string.Join(", ", PartyFault.Names)}");
            var name = r.GetValue(model)!;
            var secure = SecureModel.Load(zoo.Resolve(name), name);
            // Lives as long as the process: every session's weight masks continue the one stream.
            var random = RandomSource.For(partySeed.Read(r), "2pc edge", secure.Fingerprint);
            var options = new EdgePartyOptions(secure, r.GetValue(dealer)!, Log)
            {
                Fault = r.GetValue(fault), FaultRound = r.GetValue(faultRound), Outbound = security.Client(r), Random = random,
            };
            var (app, url) = await PartyHost.StartEdgeAsync(options, where.Host, where.Port, ct, where.Security);
            await using (app)
                await ServeUntilStoppedAsync($"edge listening on {url}", ct);
            return 0;
        });
        return command;
    }

    private static Command HomomorphicEdge(ModelZoo zoo)
    {
        var model = new Argument<string>("model") { Description = "ONNX file or zoo:NAME (an MLP: Gemm/MatMul with ReLU between) whose weights the edge holds" };
        var listen = Listen();
        var fault = new Option<string?>("--fault") { Description = $"misbehave on purpose, for tests: {string.Join(", ", HomomorphicEdgeOptions.Faults)}", Hidden = true };
        var faultRound = new Option<int>("--fault-round") { Description = "the outgoing message the fault happens at", DefaultValueFactory = _ => 1, Hidden = true };
        var command = new Command("he-edge", "Hold an MLP's weights and evaluate its linear layers on a device's Paillier ciphertexts");
        command.Arguments.Add(model);
        foreach (var o in new Option[] { listen, fault, faultRound }) command.Options.Add(o);
        var security = new Security(command);
        var partySeed = new PartySeedFlag();
        partySeed.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var where = NodeHostOptions.FromListenUrl("he-edge", r.GetValue(listen)!, 1, security.Server(r));
            if (r.GetValue(fault) is { } f && !HomomorphicEdgeOptions.Faults.Contains(f))
                throw new UsageException($"--fault must be one of: {string.Join(", ", HomomorphicEdgeOptions.Faults)}");
            var name = r.GetValue(model)!;
            var he = Inference.Privacy.Homomorphic.HomomorphicModel.Load(zoo.Resolve(name), name);
            var options = new HomomorphicEdgeOptions(he, Log)
            {
                Fault = r.GetValue(fault), FaultRound = r.GetValue(faultRound), Random = RandomSource.For(partySeed.Read(r), "he edge", he.Fingerprint),
            };
            var (app, url) = await PartyHost.StartHomomorphicEdgeAsync(options, where.Host, where.Port, ct, where.Security);
            await using (app)
                await ServeUntilStoppedAsync($"he-edge listening on {url}", ct);
            return 0;
        });
        return command;
    }

    private static Command Trainer()
    {
        var party = new Option<int>("--party") { Description = "0 (connects to --peer) or 1 (listens on --listen)", Required = true };
        var shares = new Option<string>("--shares") { Description = "this server's share file of the training set", Required = true, HelpName = "FILE" };
        var output = new Option<string>("--out") { Description = "file to write this server's share of the trained weights to", Required = true, HelpName = "FILE" };
        var listen = Listen();
        var peer = new Option<string?>("--peer") { Description = "server 1's URL (for --party 0)", HelpName = "URL" };
        var dealer = new Option<string>("--dealer") { Description = "the dealer's URL", Required = true, HelpName = "URL" };
        var fault = new Option<string?>("--fault") { Description = $"misbehave on purpose (server 1), for tests: {string.Join(", ", PartyFault.Names)}", Hidden = true };
        var faultRound = new Option<int>("--fault-round") { Description = "the round the fault happens at", DefaultValueFactory = _ => 4, Hidden = true };
        var training = new SecureMlFlags();
        var command = new Command("trainer", "One of SecureML's two servers: train on a share of the data with the other server");
        foreach (var o in new Option[] { party, shares, output, listen, peer, dealer, fault, faultRound }) command.Options.Add(o);
        training.AddTo(command);
        var security = new Security(command);
        var partySeed = new PartySeedFlag();
        partySeed.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var o = training.Read(r);
            var client = security.Client(r);
            var seed = partySeed.Read(r); // server 0 draws the session id; server 1 draws nothing
            if (r.GetValue(fault) is { } f && !PartyFault.Names.Contains(f))
                throw new UsageException($"--fault must be one of: {string.Join(", ", PartyFault.Names)}");
            TrainingParty.Outcome outcome;
            if (r.GetValue(party) == 0)
            {
                Log("trainer 0 started");
                outcome = await TrainingParty.RunServer0Async(o, r.GetValue(shares)!, r.GetValue(peer) ?? throw new UsageException("--party 0 needs --peer URL"),
                    r.GetValue(dealer)!, client, seed, ct);
            }
            else
            {
                var where = NodeHostOptions.FromListenUrl("trainer", r.GetValue(listen)!, 1, security.Server(r));
                var options = new TrainingPartyOptions(o, r.GetValue(shares)!, r.GetValue(dealer)!, Log) { Outbound = client, Fault = r.GetValue(fault), FaultRound = r.GetValue(faultRound) };
                var (app, url) = await PartyHost.StartTrainingAsync(options, where.Host, where.Port, ct, where.Security);
                await using (app)
                {
                    Log($"trainer 1 listening on {url}");
                    outcome = await options.Done.Task.WaitAsync(ct);
                }
            }
            Learning.Privacy.SecureMl.ShareFile.WriteWords(r.GetValue(output)!, outcome.Weights);
            File.WriteAllText(r.GetValue(output)! + ".json", System.Text.Json.JsonSerializer.Serialize(outcome with { Weights = [] }));
            return 0;
        });
        return command;
    }

    private static void Log(string line)
    {
        Console.WriteLine($"verge private-party: {line}");
        Console.Out.Flush();
    }

    private static async Task ServeUntilStoppedAsync(string listening, CancellationToken ct)
    {
        Log(listening);
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM: the parent ends its parties this way.
        }
    }
}
