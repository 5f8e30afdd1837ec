using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Verge.Inference.Privacy.TwoParty;
using Verge.Net.Hosting;

namespace Verge.Net.Privacy;

/// <summary>Starts the dealer or the edge party of two-party inference on one loopback gRPC endpoint (h2c).</summary>
public static class PartyHost
{
    public static Task<(WebApplication App, string Url)> StartDealerAsync(string host, int port, CancellationToken ct) =>
        GrpcHost.StartAsync(host, port,
            services => services.AddSingleton(new Dealer(Prg.NewKey())),
            app => app.MapGrpcService<DealerService>(), ct);

    public static Task<(WebApplication App, string Url)> StartEdgeAsync(EdgePartyOptions options, string host, int port, CancellationToken ct) =>
        GrpcHost.StartAsync(host, port,
            services => services.AddSingleton(options),
            app => app.MapGrpcService<EdgePartyService>(), ct);

    public static Task<(WebApplication App, string Url)> StartTrainingAsync(TrainingPartyOptions options, string host, int port, CancellationToken ct) =>
        GrpcHost.StartAsync(host, port,
            services => services.AddSingleton(options),
            app => app.MapGrpcService<TrainingPeerService>(), ct);
}
