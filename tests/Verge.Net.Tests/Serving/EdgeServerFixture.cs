using Grpc.Net.Client;
using Verge.Net.Hosting;
using Verge.Net.Serving;
using Verge.Net.Tests.Oip.Client;

namespace Verge.Net.Tests.Serving;

/// <summary>
/// The edge server as `verge serve --models` runs it, in this process: gRPC (stage service + Open Inference
/// Protocol) and REST on free loopback ports, over a repository of <see cref="OipModels"/>. Clients come from the
/// published proto (tests/…/Protos/oip_client.proto) and from a plain HttpClient.
/// </summary>
public sealed class EdgeServerFixture : IAsyncLifetime
{
    private ServingHost? _host;
    private GrpcChannel? _channel;

    public string Root { get; } = OipModels.Repository();
    public ServingHost Host => _host!;
    public GRPCInferenceService.GRPCInferenceServiceClient Grpc { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _host = await ServingHost.StartAsync(Root, new NodeHostOptions("edge"), "http://127.0.0.1:0");
        _channel = GrpcChannel.ForAddress(_host.Url);
        Grpc = new GRPCInferenceService.GRPCInferenceServiceClient(_channel);
        Http = new HttpClient { BaseAddress = new Uri(_host.RestUrl!) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        _channel?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
