using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using StackExchange.Redis;
using Verge.Cluster.Hosting;
using Verge.Cluster.Sessions;
using Verge.Net.Hosting;

namespace Verge.Cluster.Edge;

/// <summary>
/// `verge serve --cluster`: one edge server of many. Devices dial its stage service (TLS and tokens as a plain
/// `verge serve`); stages load into a private stage node of this process; frames go through each device's session
/// grain (Orleans, state in Redis), so a device may call any edge server and goes on through another when one dies.
/// </summary>
public sealed class ClusterEdgeServer : IAsyncDisposable
{
    private readonly NodeHost node;
    private readonly LocalStageComputer local;
    private readonly EdgeSilo silo;
    private readonly WebApplication front;
    private readonly ConnectionMultiplexer? ledger;

    private ClusterEdgeServer(NodeHost node, LocalStageComputer local, EdgeSilo silo, WebApplication front, string url, ConnectionMultiplexer? ledger)
    {
        (this.node, this.local, this.silo, this.front, this.ledger) = (node, local, silo, front, ledger);
        Url = url;
    }

    /// <summary>The address devices dial.</summary>
    public string Url { get; }

    public EdgeSilo Silo => silo;

    public static async Task<ClusterEdgeServer> StartAsync(ClusterEdgeOptions options, CancellationToken ct)
    {
        // The private node listens on loopback only and nobody but this process calls it, so it needs no TLS; it keeps
        // the tokens, and every call to it carries the device's own header, so owners and roles hold as on a plain node.
        var inner = options.Node with
        {
            Host = "127.0.0.1", Port = 0, Name = options.Name,
            Security = options.Node.Security with { CertificateFile = null, KeyFile = null },
        };
        var node = await NodeHost.StartAsync(inner, ct);
        var local = new LocalStageComputer(node.Url);
        EdgeSilo? silo = null;
        ConnectionMultiplexer? ledger = null;
        try
        {
            IFrameComputer computer = local;
            if (options.CountComputations)
            {
                ledger = await ConnectionMultiplexer.ConnectAsync(EdgeSilo.ParseRedis(options.Redis));
                computer = new ComputationLedger(local, ledger.GetDatabase(), EdgeSiloOptions.DefaultClusterId);
            }
            silo = await EdgeSilo.StartAsync(
                new EdgeSiloOptions(options.Redis, options.SiloPort, options.GatewayPort, options.Name), computer, ct);
            var (front, url) = await GrpcHost.StartAsync(options.Node.Host, options.Node.Port,
                services => services.AddSingleton(silo).AddSingleton(local),
                app =>
                {
                    app.MapGrpcService<SessionRoutingService>();
                    app.MapGrpcService<HandoverService>();
                }, ct, options.Node.Security);
            return new ClusterEdgeServer(node, local, silo, front, url, ledger);
        }
        catch
        {
            if (silo is not null) await silo.DisposeAsync();
            if (ledger is not null) await ledger.DisposeAsync();
            local.Dispose();
            await node.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await front.StopAsync();
        await front.DisposeAsync();
        await silo.DisposeAsync();
        if (ledger is not null) await ledger.DisposeAsync();
        local.Dispose();
        await node.DisposeAsync();
    }
}
