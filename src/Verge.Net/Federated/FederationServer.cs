using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Federated;
using Verge.Learning.Federated.SecureAggregation;
using Verge.Learning.Models;
using Verge.Net.Hosting;
using Verge.Net.Security;

namespace Verge.Net.Federated;

/// <summary>
/// A federated server in this process: Kestrel on one HTTP/2 endpoint (h2c or TLS, tokens as <see cref="ServerSecurity"/> says) serving <see cref="FederationService"/>, and
/// the <see cref="FederationCoordinator"/> round loop behind it. Resumes from the checkpoint in
/// <see cref="FederationServerOptions.CheckpointDirectory"/> when there is one. Dispose to stop.
/// </summary>
public sealed class FederationServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stop = new();

    private FederationServer(WebApplication app, FederationCoordinator coordinator, string url, int resumedAfter)
    {
        (_app, Coordinator, Url, ResumedAfter) = (app, coordinator, url, resumedAfter);
        Completion = coordinator.RunAsync(_stop.Token);
    }

    public FederationCoordinator Coordinator { get; }
    public string Url { get; }
    /// <summary>The rounds a checkpoint said were complete when this server started (0: a fresh start).</summary>
    public int ResumedAfter { get; }
    /// <summary>Completes when the last round is done (or faults).</summary>
    public Task Completion { get; }

    public static async Task<FederationServer> StartAsync(FederationServerOptions options, string host, int port, Action<string> log,
        CancellationToken ct = default, ServerSecurity? security = null)
    {
        if (!StrategyCatalog.ServerNames.Contains(options.Strategy))
            throw new UsageException($"strategy '{options.Strategy}' cannot run behind a server; choose one of: {string.Join(", ", StrategyCatalog.ServerNames)}" +
                                     " (async-sgd runs behind its own server, verge fl server --strategy async-sgd; gossip runs between peers, verge fl peer)");
        Learning.Federated.Codecs.CodecSpec.Parse(options.Codec);
        if (options.SecureAggregation is { } secure)
        {
            options = options with { SecureAggregation = SecAggComposition.Resolve(secure, options.Strategy, options.Codec, options.Settings.Aggregation) };
            options.SecureAggregation.Validate(options.MinClients);
        }
        (security ?? ServerSecurity.None).CheckListen(GrpcHost.ParseAddress(host), $"{host}:{port}");
        var model = TrainableZoo.Create(options.Model, options.Seed);
        var initial = ModelVector.Get(model);
        if (options.Dp is not null && (options.Strategy != "fedavg" || options.Settings.Aggregation.Kind != Learning.Federated.Robust.AggregationKind.Mean))
            throw new UsageException($"--dp runs DP-FedAvg: use --strategy fedavg with --aggregate mean, not {options.Strategy} with {options.Settings.Aggregation}");
        IFederatedStrategy strategy = options.Dp is { } dp
            ? new Learning.Privacy.DpFedAvg.DpFedAvgStrategy(initial, options.Settings.Fit, options.Settings.Fraction, dp)
            : StrategyCatalog.Create(options.Strategy, initial, options.Settings, options.MinClients);
        int resumed = 0;
        if (options.CheckpointDirectory is { } dir && FederationCheckpoint.TryLoad(dir) is { } checkpoint)
        {
            if (checkpoint.Strategy != strategy.Name || checkpoint.Model != options.Model)
                throw new InputException($"checkpoint in '{dir}' is for {checkpoint.Strategy} on {checkpoint.Model}, not {strategy.Name} on {options.Model}; " +
                                         "use another checkpoint folder") { Term = "checkpoint folder" };
            strategy.LoadState(checkpoint.State, checkpoint.ModelVersion);
            resumed = checkpoint.CompletedRounds;
        }
        Func<float[], EvaluateResult>? evaluate = null;
        if (options.TestLimit >= 0)
        {
            var test = (await FashionMnist.LoadTestAsync(options.DataDirectory, ct)).Take(options.TestLimit);
            evaluate = weights => FederatedClient.Evaluate(model, weights, test);
        }
        var coordinator = new FederationCoordinator(options, strategy, initial.Length, resumed, evaluate, log);

        var (app, url) = await GrpcHost.StartAsync(host, port,
            services => services.AddSingleton(coordinator),
            app => app.MapGrpcService<FederationService>(), ct, security);
        return new FederationServer(app, coordinator, url, resumed);
    }

    public ValueTask DisposeAsync() => FederationStop.StopAsync(_stop, Completion, _app);
}
