using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Federated;
using Verge.Learning.Models;
using Verge.Net.Client;

namespace Verge.Net.Federated;

/// <summary>
/// A federated server in this process: Kestrel on one h2c endpoint serving <see cref="FederationService"/>, and
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
        CancellationToken ct = default)
    {
        if (!StrategyCatalog.ServerNames.Contains(options.Strategy))
            throw new UsageException($"strategy '{options.Strategy}' cannot run behind a server; choose one of: {string.Join(", ", StrategyCatalog.ServerNames)}" +
                                     " (simulate async-sgd and gossip with verge fl simulate)");
        Learning.Federated.Codecs.CodecSpec.Parse(options.Codec);
        var model = TrainableZoo.Create(options.Model, options.Seed);
        var initial = ModelVector.Get(model);
        var strategy = StrategyCatalog.Create(options.Strategy, options.Settings(initial), options.MinClients);
        int resumed = 0;
        if (options.CheckpointDirectory is { } dir && FederationCheckpoint.TryLoad(dir) is { } checkpoint)
        {
            if (checkpoint.Strategy != strategy.Name || checkpoint.Model != options.Model)
                throw new InputException($"checkpoint in '{dir}' is for {checkpoint.Strategy} on {checkpoint.Model}, not {strategy.Name} on {options.Model}; " +
                                         "use another --checkpoint folder");
            strategy.LoadState(checkpoint.State, checkpoint.ModelVersion);
            resumed = checkpoint.CompletedRounds;
        }
        Func<float[], double>? evaluate = null;
        if (options.TestLimit >= 0)
        {
            var test = (await FashionMnist.LoadTestAsync(options.DataDirectory, ct)).Take(options.TestLimit);
            evaluate = weights => FederatedClient.Evaluate(model, weights, test).Accuracy;
        }
        var coordinator = new FederationCoordinator(options, strategy, initial.Length, resumed, evaluate, log);

        var address = host is "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? ip
            : throw new UsageException($"listen host '{host}' is not an IP address; use 127.0.0.1, 0.0.0.0 or localhost");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Listen(address, port, o => o.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddGrpc(g =>
        {
            g.MaxReceiveMessageSize = NodeClient.MaxMessageBytes;
            g.MaxSendMessageSize = NodeClient.MaxMessageBytes;
        });
        builder.Services.AddSingleton(coordinator);
        var app = builder.Build();
        app.MapGrpcService<FederationService>();
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new InputException($"cannot listen on {host}:{port}: {e.Message.TrimEnd('.')}; choose another port");
        }
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var shown = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return new FederationServer(app, coordinator, $"http://{shown}:{bound}", resumed);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Completion;
        }
        catch (OperationCanceledException)
        {
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stop.Dispose();
    }

    private sealed class CallerOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
