using System.CommandLine;
using Verge.Cli.Options;
using Verge.Inference.Runtime;
using Verge.Cluster.Edge;
using Verge.Core.Errors;
using Verge.Cli.Output;
using Verge.Net.Hosting;
using Verge.Net.Serving;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge serve`: one node (edge or cloud) hosting stages over gRPC until Ctrl-C or SIGTERM; with `--models`, also the
/// edge server: a model repository served over the Open Inference Protocol (gRPC on the same port, REST on `--http-listen`).
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var role = new Option<string>("--role") { Description = "The node's role: edge or cloud", DefaultValueFactory = _ => "edge" };
        var listen = new Option<string>("--listen") { Description = "Address to listen on, http://HOST:PORT or https://HOST:PORT (port 0 picks a free one)", DefaultValueFactory = _ => "http://127.0.0.1:50051" };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads per stage", DefaultValueFactory = _ => 1 };
        var command = new Command("serve", "Run an edge or cloud node that hosts model stages over gRPC (HTTP/2; TLS and tokens with --tls-cert/--tokens); with --models, the edge server for a model repository (Open Inference Protocol)");
        command.Options.Add(role);
        command.Options.Add(listen);
        command.Options.Add(threads);
        var security = new ServerSecurityOptions();
        security.AddTo(command, outbound: true);
        var speed = new Option<double>("--speed") { Description = "emulated compute speed relative to this host (e.g. 0.5 = half as fast)", DefaultValueFactory = _ => 1.0 };
        command.Options.Add(speed);
        var ep = ProviderOption.Create();
        ep.Description = "ONNX Runtime execution provider of the stages this node runs: cpu or cuda (a build without CUDA refuses cuda at start)";
        command.Options.Add(ep);
        var models = new Option<string?>("--models") { Description = "Serve the model repository in DIR (DIR/NAME/config.yaml, DIR/NAME/VERSION/model.onnx) over the Open Inference Protocol" };
        var httpListen = new Option<string?>("--http-listen") { Description = "Also serve the protocol's REST form on http://HOST:PORT (needs --models; port 0 picks a free one)" };
        command.Options.Add(models);
        command.Options.Add(httpListen);
        var cluster = ClusterFlags.Create();
        cluster.AddTo(command);
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
            var provider = r.GetValue(ep)!;
            // Refused before listening, in one line: a loader would otherwise learn it only from its first LoadStage.
            using (var probe = new Microsoft.ML.OnnxRuntime.SessionOptions()) ExecutionProviders.Apply(probe, provider);
            var options = NodeHostOptions.FromListenUrl(roleName, r.GetValue(listen)!, t, security.Read(r)) with { Speed = pace, Provider = provider };
            var repository = r.GetValue(models);
            var rest = r.GetValue(httpListen);
            if (cluster.Read(r, options, repository) is { } clustered)
                return await ServeClusteredAsync(clustered, ct);
            if (repository is null && rest is not null)
                throw new UsageException("--http-listen serves the model repository's REST form; give --models DIR too");
            await using var node = repository is null ? await NodeHost.StartAsync(options, ct) : null;
            await using var edge = repository is null ? null : await ServingHost.StartAsync(repository, options, rest, ct: ct);
            Console.WriteLine($"verge serve: {options.Role} listening on {node?.Url ?? edge!.Url}");
            if (edge is not null)
            {
                if (edge.RestUrl is not null) Console.WriteLine($"verge serve: REST (Open Inference Protocol) on {edge.RestUrl}");
                ModelTable.Write(edge.Server, Console.Out);
            }
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

    private static async Task<int> ServeClusteredAsync(ClusterEdgeOptions options, CancellationToken ct)
    {
        await using var edge = await ClusterEdgeServer.StartAsync(options, ct);
        Console.WriteLine($"verge serve: clustered edge listening on {edge.Url} (silo {options.Name} on port {options.SiloPort}, redis {options.Redis})");
        Console.Out.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }
}
