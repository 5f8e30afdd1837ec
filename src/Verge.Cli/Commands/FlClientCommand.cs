using System.CommandLine;
using Verge.Cli.Options;
using Verge.Core.Errors;
using Verge.Learning.Engine;
using Verge.Net.Federated;

namespace Verge.Cli.Commands;

/// <summary>`verge fl client`: one device that trains on its own share of Fashion-MNIST for a `verge fl server`.</summary>
internal static class FlClientCommand
{
    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "the federated server, http://HOST:PORT", Required = true };
        var id = new Option<int>("--client-id") { Description = "this client's index, 0..N-1 (picks its data share)", Required = true };
        var clients = new Option<int>("--clients") { Description = "N, the number of data shares", Required = true };
        var alpha = new Option<double>("--alpha") { Description = "Dirichlet α of the non-IID split (0: IID)", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit") { Description = "split only the first N training images (0: all)", DefaultValueFactory = _ => 0 };
        var patience = new Option<double>("--patience") { Description = "seconds to keep retrying an unreachable server", DefaultValueFactory = _ => 60 };
        var threads = new Option<int>("--threads") { Description = "engine threads", DefaultValueFactory = _ => 1 };
        var data = new Option<string?>("--data") { Description = "Fashion-MNIST folder" };
        var secure = new Option<bool>("--secure-aggregation")
        {
            Description = "send only masked updates (secure aggregation); refuse a server that asks for plain ones (without it, do as the server asks)",
        };
        var command = new Command("client", "Train on this device's share of the data for a federated server; only updates leave the device");
        foreach (var o in new Option[] { server, id, clients, alpha, limit, patience, threads, data, secure }) command.Options.Add(o);
        var security = new ClientSecurityOptions();
        security.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            int n = CommonOptions.Positive(r.GetValue(clients), "--clients"), me = r.GetValue(id);
            if (me < 0 || me >= n) throw new UsageException($"--client-id {me} must be in 0..{n - 1}");
            double a = r.GetValue(alpha);
            if (a < 0) throw new UsageException("--alpha must be positive (or 0 for an IID split)");
            var url = r.GetValue(server)!;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new UsageException($"--server '{url}' is not of the form http://HOST:PORT or https://HOST:PORT");
            using var engineThreads = Parallelism.Use(CommonOptions.Positive(r.GetValue(threads), "--threads"));
            var options = new FederationClientOptions(url, me, n)
            {
                Alpha = a > 0 ? a : null, TrainLimit = r.GetValue(limit), DataDirectory = r.GetValue(data),
                Patience = TimeSpan.FromSeconds(r.GetValue(patience)),
                Security = security.Read(r),
                RequireSecureAggregation = r.GetValue(secure),
            };
            await FederationClientRunner.RunAsync(options, line =>
            {
                Console.WriteLine($"verge fl {line}");
                Console.Out.Flush();
            }, ct);
            return 0;
        });
        return command;
    }
}
