using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Verge.Cluster.Hosting;
using Verge.Net.Hosting;

namespace Verge.Cluster.Edge;

/// <summary>
/// `verge serve --cluster`: one edge server of many. Devices dial its stage service; stages load into a private stage
/// node of this process; frames go through each device's session grain (Orleans, state in Redis), so a device may
/// call any edge server and goes on through another when one dies.
/// </summary>
public sealed class ClusterEdgeServer : IAsyncDisposable
{
    private readonly NodeHost node;
    private readonly LocalStageComputer local;
    private readonly EdgeSilo silo;
    private readonly WebApplication front;

    private ClusterEdgeServer(NodeHost node, LocalStageComputer local, EdgeSilo silo, WebApplication front, string url)
    {
        (this.node, this.local, this.silo, this.front) = (node, local, silo, front);
        Url = url;
    }

    /// <summary>The address devices dial.</summary>
    public string Url { get; }

    public EdgeSilo Silo => silo;

    public static async Task<ClusterEdgeServer> StartAsync(ClusterEdgeOptions options, CancellationToken ct)
    {
        // The private node listens on loopback only: nobody but this process's session grains calls it.
        var node = await NodeHost.StartAsync(options.Node with { Host = "127.0.0.1", Port = 0 }, ct);
        var local = new LocalStageComputer(node.Url);
        EdgeSilo? silo = null;
        try
        {
            silo = await EdgeSilo.StartAsync(
                new EdgeSiloOptions(options.Redis, options.SiloPort, options.GatewayPort, options.Node.NodeName), local, ct);
            var (front, url) = await GrpcHost.StartAsync(options.Node.Host, options.Node.Port,
                services => services.AddSingleton(silo).AddSingleton(local),
                app => app.MapGrpcService<SessionRoutingService>(), ct, options.Node.Security);
            return new ClusterEdgeServer(node, local, silo, front, url);
        }
        catch
        {
            if (silo is not null) await silo.DisposeAsync();
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
        local.Dispose();
        await node.DisposeAsync();
    }
}
