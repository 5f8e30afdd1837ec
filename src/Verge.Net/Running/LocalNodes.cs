using Verge.Core.Deployment;
using Verge.Net.Hosting;

namespace Verge.Net.Running;

/// <summary>
/// The edge and cloud nodes of a spec, started in this process on free loopback ports, each computing at its spec'd
/// speed — unless a running node's URL is given for its tier, which is then used as it is.
/// </summary>
public sealed class LocalNodes : IAsyncDisposable
{
    private readonly List<NodeHost> _hosts = [];

    public Dictionary<string, string> Urls { get; } = new(StringComparer.Ordinal);

    public static async Task<LocalNodes> StartAsync(Topology topology, IReadOnlyDictionary<Tier, string> given, int threads, CancellationToken ct)
    {
        var nodes = new LocalNodes();
        try
        {
            foreach (var node in topology.Nodes.Where(n => n.Tier != Tier.Device))
            {
                if (given.TryGetValue(node.Tier, out var url))
                {
                    nodes.Urls[node.Name] = url;
                    continue;
                }
                var host = await NodeHost.StartAsync(new NodeHostOptions(node.Tier.ToString().ToLowerInvariant(), Threads: threads)
                {
                    Name = node.Name,
                    Speed = node.Speed,
                }, ct);
                nodes._hosts.Add(host);
                nodes.Urls[node.Name] = host.Url;
            }
            return nodes;
        }
        catch
        {
            await nodes.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var h in _hosts) await h.DisposeAsync();
    }
}
