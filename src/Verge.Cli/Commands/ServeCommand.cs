using System.CommandLine;
using Verge.Cli.Options;
using Verge.Core.Errors;
using Verge.Net.Hosting;

namespace Verge.Cli.Commands;

/// <summary>`verge serve`: one node (edge or cloud) hosting stages over gRPC until Ctrl-C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var role = new Option<string>("--role") { Description = "The node's role: edge or cloud", DefaultValueFactory = _ => "edge" };
        var listen = new Option<string>("--listen") { Description = "Address to listen on, http://HOST:PORT or https://HOST:PORT (port 0 picks a free one)", DefaultValueFactory = _ => "http://127.0.0.1:50051" };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads per stage", DefaultValueFactory = _ => 1 };
        var command = new Command("serve", "Run an edge or cloud node that hosts model stages over gRPC (HTTP/2; TLS and tokens with --tls-cert/--tokens)");
        command.Options.Add(role);
        command.Options.Add(listen);
        command.Options.Add(threads);
        var security = new ServerSecurityOptions();
        security.AddTo(command, outbound: true);
        var speed = new Option<double>("--speed") { Description = "emulated compute speed relative to this host (e.g. 0.5 = half as fast)", DefaultValueFactory = _ => 1.0 };
        command.Options.Add(speed);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var roleName = r.GetValue(role)!.ToLowerInvariant();
            if (roleName is not ("edge" or "cloud"))
                throw new UsageException($"--role '{roleName}' is not a node role; use edge or cloud");
            int t = r.GetValue(threads);
            if (t < 1)
                throw new UsageException($"--threads {t} must be at least 1");

            double pace = r.GetValue(speed);
            if (!(pace > 0) || !double.IsFinite(pace))
                throw new UsageException($"--speed {pace} must be a positive number");
            var options = NodeHostOptions.FromListenUrl(roleName, r.GetValue(listen)!, t, security.Read(r)) with { Speed = pace };
            await using var node = await NodeHost.StartAsync(options, ct);
            Console.WriteLine($"verge serve: {node.Role} listening on {node.Url}");
            Console.Out.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }
            return 0;
        });
        return command;
    }
}
