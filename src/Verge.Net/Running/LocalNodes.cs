using Grpc.Core;
using Verge.Core.Deployment;
using Verge.Core.Errors;
using Verge.Net.Client;
using Verge.Net.Hosting;
using Verge.Net.Links;
using Verge.Net.Security;

namespace Verge.Net.Running;

/// <summary>
/// The edge and cloud nodes of a spec, started in this process on free loopback ports, each computing at its spec'd
/// speed (under time dilation k: time × k ÷ speed, see <see cref="Execution.TimeDilation"/>) — unless a running node's
/// URL is given for its tier, which is then used as it is.
/// </summary>
public sealed class LocalNodes : IAsyncDisposable
{
    private readonly List<NodeHost> _hosts = [];

    public Dictionary<string, string> Urls { get; } = new(StringComparer.Ordinal);

    /// <param name="security">The token and CA to reach the given nodes with; each must answer a ping before the first frame.</param>
    public static async Task<LocalNodes> StartAsync(Topology topology, IReadOnlyDictionary<Tier, string> given, int threads, CancellationToken ct,
        ClientSecurity? security = null, Execution.TimeDilation? dilation = null)
    {
        var nodes = new LocalNodes();
        try
        {
            foreach (var node in topology.Nodes.Where(n => n.Tier != Tier.Device))
            {
                if (given.TryGetValue(node.Tier, out var url))
                {
                    await CheckReachableAsync(node, url, security, ct);
                    nodes.Urls[node.Name] = url;
                    continue;
                }
                var host = await NodeHost.StartAsync(new NodeHostOptions(node.Tier.ToString().ToLowerInvariant(), Threads: threads)
                {
                    Name = node.Name,
                    Speed = node.Speed,
                    Provider = node.Ep,
                    Dilation = (dilation ?? Execution.TimeDilation.None).Factor,
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

    /// <summary>
    /// A node given by URL that does not answer is the user's input, not a node that died mid-run (that one's work
    /// falls back to the device): say so before the first frame, in one line.
    /// </summary>
    private static async Task CheckReachableAsync(Node node, string url, ClientSecurity? security, CancellationToken ct)
    {
        using var client = NodeClient.Connect(url, new LinkParameters(double.PositiveInfinity, TimeSpan.Zero), security: security);
        try
        {
            await client.PingAsync(TimeSpan.FromSeconds(10), ct);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded && SecurityRefusal.Describe(e) is null)
        {
            var why = e.Status.DebugException?.Message ?? e.Status.Detail;
            throw new InputException($"cannot reach the {node.Tier.ToString().ToLowerInvariant()} node '{node.Name}' at {url} ({why.TrimEnd('.')}); is verge serve running there?", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var h in _hosts) await h.DisposeAsync();
    }
}
