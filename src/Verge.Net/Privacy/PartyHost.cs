using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Verge.Inference.Privacy.Randomness;
using Verge.Inference.Privacy.TwoParty;
using Verge.Net.Hosting;
using Verge.Net.Security;

namespace Verge.Net.Privacy;

/// <summary>Starts the dealer or the edge party of two-party inference on one gRPC endpoint: h2c on loopback, TLS and bearer tokens as <see cref="ServerSecurity"/> says.</summary>
public static class PartyHost
{
    /// <param name="partySeed">Null (the default): a fresh master key; else one derived from the seed, for tests and papers only.</param>
    public static Task<(WebApplication App, string Url)> StartDealerAsync(string host, int port, CancellationToken ct,
        ServerSecurity? security = null, int? partySeed = null)
    {
        using var random = RandomSource.For(partySeed, "dealer", "master key");
        var dealer = new Dealer(Prg.NewKey(random));
        return GrpcHost.StartAsync(host, port, services => services.AddSingleton(dealer), app => app.MapGrpcService<DealerService>(), ct, security);
    }

    public static Task<(WebApplication App, string Url)> StartEdgeAsync(EdgePartyOptions options, string host, int port, CancellationToken ct,
        ServerSecurity? security = null) =>
        GrpcHost.StartAsync(host, port,
            services => services.AddSingleton(options),
            app => app.MapGrpcService<EdgePartyService>(), ct, security);

    public static Task<(WebApplication App, string Url)> StartHomomorphicEdgeAsync(HomomorphicEdgeOptions options, string host, int port, CancellationToken ct,
        ServerSecurity? security = null) =>
        GrpcHost.StartAsync(host, port,
            services => services.AddSingleton(options),
            app => app.MapGrpcService<HomomorphicEdgeService>(), ct, security);

    public static Task<(WebApplication App, string Url)> StartTrainingAsync(TrainingPartyOptions options, string host, int port, CancellationToken ct,
        ServerSecurity? security = null) =>
        GrpcHost.StartAsync(host, port,
            services => services.AddSingleton(options),
            app => app.MapGrpcService<TrainingPeerService>(), ct, security);
}
