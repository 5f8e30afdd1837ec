using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Federated;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Models;
using Verge.Net.Hosting;
using Verge.Net.Security;

namespace Verge.Net.Federated;

/// <summary>
/// An asynchronous-SGD server in this process (`verge fl server --strategy async-sgd`): Kestrel on one HTTP/2
/// endpoint (h2c or TLS, tokens as <see cref="ServerSecurity"/> says) serving <see cref="AsyncFederationService"/>
/// over an <see cref="AsyncCoordinator"/>. No checkpoint: an asynchronous run has no round boundary to resume at.
/// </summary>
public sealed class AsyncFederationServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stop = new();

    private AsyncFederationServer(WebApplication app, AsyncCoordinator coordinator, string url)
    {
        (_app, Coordinator, Url) = (app, coordinator, url);
        Completion = coordinator.RunAsync(_stop.Token);
    }

    public AsyncCoordinator Coordinator { get; }
    public string Url { get; }
    /// <summary>Completes when the last update is applied and evaluated (or faults with the reason the run stopped).</summary>
    public Task Completion { get; }

    public static async Task<AsyncFederationServer> StartAsync(FederationServerOptions options, string host, int port, Action<string> log,
        CancellationToken ct = default, ServerSecurity? security = null)
    {
        if (options.CheckpointDirectory is not null || options.SecureAggregation is not null || options.Dp is not null)
            throw new UsageException("async-sgd applies each update as it comes, with no rounds to checkpoint, mask or clip together; " +
                                     "drop --checkpoint, --secure-aggregation and --dp, or use --strategy fedavg");
        CodecSpec.Parse(options.Codec);
        (security ?? ServerSecurity.None).CheckListen(GrpcHost.ParseAddress(host), $"{host}:{port}");
        var model = TrainableZoo.Create(options.Model, options.Seed);
        Func<float[], EvaluateResult>? evaluate = null;
        if (options.TestLimit >= 0)
        {
            var test = (await FashionMnist.LoadTestAsync(options.DataDirectory, ct)).Take(options.TestLimit);
            evaluate = weights => FederatedClient.Evaluate(model, weights, test);
        }
        var coordinator = new AsyncCoordinator(options, ModelVector.Get(model), evaluate, log);
        var (app, url) = await GrpcHost.StartAsync(host, port,
            services => services.AddSingleton(coordinator),
            app => app.MapGrpcService<AsyncFederationService>(), ct, security);
        return new AsyncFederationServer(app, coordinator, url);
    }

    public ValueTask DisposeAsync() => FederationStop.StopAsync(_stop, Completion, _app);
}
