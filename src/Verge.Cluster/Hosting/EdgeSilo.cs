using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;
using Verge.Cluster.Sessions;

namespace Verge.Cluster.Hosting;

/// <summary>
/// One edge server's Orleans silo: membership and session state in Redis, sessions as grains. Any silo answers any
/// device; a stopped or killed silo's sessions re-activate elsewhere from their Redis state on their next call.
/// </summary>
public sealed class EdgeSilo : IAsyncDisposable
{
    private readonly IHost host;

    private EdgeSilo(IHost host, EdgeSiloOptions options)
    {
        this.host = host;
        Options = options;
    }

    public EdgeSiloOptions Options { get; }

    /// <summary>Calls to sessions from this silo (the edge server's gRPC handlers use it).</summary>
    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>This silo's address in the cluster (a migration's target).</summary>
    public Orleans.Runtime.SiloAddress Address => host.Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>().SiloAddress;

    /// <summary>The session of one device, reached through this silo.</summary>
    public ISessionGrain Session(string deviceId) => Grains.GetGrain<ISessionGrain>(deviceId);

    public static async Task<EdgeSilo> StartAsync(EdgeSiloOptions options, IFrameComputer computer, CancellationToken cancellationToken)
    {
        var redis = ParseRedis(options.Redis);
        // No default configuration sources or console logging: a silo embedded in `verge` or a test stays quiet.
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(computer);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, options.ClusterId));
            silo.Configure<SiloOptions>(o => o.SiloName = options.Name);
            silo.ConfigureEndpoints(IPAddress.Loopback, options.SiloPort, options.GatewayPort);
            silo.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());
            silo.AddRedisGrainStorage(SessionGrain.Storage, o => o.ConfigurationOptions = redis.Clone());
            // Declare a silo that stops answering dead after ~3 s instead of Orleans' default of tens of seconds:
            // its devices are waiting (issue 15 asks for sessions resumed within 5 s).
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
            });
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new EdgeSilo(host, options);
    }

    /// <summary>Leaves the cluster in order: sessions deactivate (their state is already in Redis).</summary>
    public async Task StopAsync(CancellationToken cancellationToken) => await host.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await host.StopAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            host.Dispose();
        }
    }

    internal static ConfigurationOptions ParseRedis(string redis)
    {
        try
        {
            var text = redis.StartsWith("redis://", StringComparison.Ordinal) ? redis["redis://".Length..] : redis;
            return ConfigurationOptions.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new Core.Errors.UsageException($"--cluster '{redis}' is not a Redis address ({e.Message}); give host:port, e.g. 127.0.0.1:6379");
        }
    }
}
