using System.CommandLine;
using Verge.Cli.Options;
using Verge.Core.Errors;
using Verge.Inference.Privacy.TwoParty;
using Verge.Inference.Zoo;
using Verge.Net.Hosting;
using Verge.Net.Privacy;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge private-party dealer|edge`: one party process of two-party inference. The edge holds the model's weights;
/// the dealer hands out Beaver triples. `verge private-infer` starts both itself unless given their URLs.
/// </summary>
internal static class PrivatePartyCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var command = new Command("private-party", "Run one party of two-party private inference: the triple dealer or the edge holding the weights");
        command.Subcommands.Add(Dealer());
        command.Subcommands.Add(Edge(zoo));
        command.Subcommands.Add(Trainer());
        return command;
    }

    private static Option<string> Listen() =>
        new("--listen") { Description = "loopback address to listen on, http://127.0.0.1:PORT (port 0: any free port)", DefaultValueFactory = _ => "http://127.0.0.1:0" };

    private static Command Dealer()
    {
        var listen = Listen();
        var command = new Command("dealer", "Hand out Beaver triples (the offline phase) to the device and edge parties");
        command.Options.Add(listen);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var where = NodeHostOptions.FromListenUrl("dealer", r.GetValue(listen)!, 1);
            var (app, url) = await PartyHost.StartDealerAsync(where.Host, where.Port, ct);
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
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var where = NodeHostOptions.FromListenUrl("edge", r.GetValue(listen)!, 1);
            if (r.GetValue(fault) is { } f && !PartyFault.Names.Contains(f))
                throw new UsageException($"--fault must be one of: {string.Join(", ", PartyFault.Names)}");
            var name = r.GetValue(model)!;
            var options = new EdgePartyOptions(SecureModel.Load(zoo.Resolve(name), name), r.GetValue(dealer)!, Log)
            {
                Fault = r.GetValue(fault), FaultRound = r.GetValue(faultRound),
            };
            var (app, url) = await PartyHost.StartEdgeAsync(options, where.Host, where.Port, ct);
            await using (app)
                await ServeUntilStoppedAsync($"edge listening on {url}", ct);
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
        var training = new SecureMlFlags();
        var command = new Command("trainer", "One of SecureML's two servers: train on a share of the data with the other server");
        foreach (var o in new Option[] { party, shares, output, listen, peer, dealer }) command.Options.Add(o);
        training.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var o = training.Read(r);
            TrainingParty.Outcome outcome;
            if (r.GetValue(party) == 0)
            {
                Log("trainer 0 started");
                outcome = await TrainingParty.RunServer0Async(o, r.GetValue(shares)!, r.GetValue(peer) ?? throw new UsageException("--party 0 needs --peer URL"),
                    r.GetValue(dealer)!, ct);
            }
            else
            {
                var where = NodeHostOptions.FromListenUrl("trainer", r.GetValue(listen)!, 1);
                var options = new TrainingPartyOptions(o, r.GetValue(shares)!, r.GetValue(dealer)!, Log);
                var (app, url) = await PartyHost.StartTrainingAsync(options, where.Host, where.Port, ct);
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
