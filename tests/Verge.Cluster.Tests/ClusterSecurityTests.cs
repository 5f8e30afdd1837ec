using Verge.Cluster.Benchmarks;
using Grpc.Core;
using Grpc.Net.Client;
using Verge.Cluster.Edge;
using Verge.Cluster.Protos;
using Verge.Net.Hosting;
using Verge.Net.Protos;
using Verge.Net.Security;
using Verge.Net.Wire;

namespace Verge.Cluster.Tests;

/// <summary>A clustered edge server takes TLS and tokens as a plain `verge serve` does: roles hold, and so do stage owners.</summary>
public sealed class ClusterSecurityTests
{
    private const string Admin = "admin-0123456789abcdef", Device = "infer-0123456789abcdef", OtherAdmin = "admin-fedcba9876543210";

    [Fact]
    public async Task A_clustered_edge_server_serves_tls_and_checks_tokens_roles_and_stage_owners()
    {
        await using var redis = await RedisProcess.StartAsync(CancellationToken.None);
        using var dir = new TempDir("verge-cluster-tls-");
        var (cert, key) = SelfSignedCertificate.Write(dir.Path, "localhost");
        var security = new ServerSecurity
        {
            CertificateFile = cert, KeyFile = key,
            Tokens = TokenTable.Parse([$"{Admin} admin", $"{Device} infer", $"{OtherAdmin} admin"]),
        };
        var node = NodeHostOptions.FromListenUrl("edge", "https://127.0.0.1:0", 1, security);
        await using var edge = await ClusterEdgeServer.StartAsync(
            new ClusterEdgeOptions(node, redis.Address, FreePort.Pick(), FreePort.Pick()), CancellationToken.None);
        Assert.StartsWith("https://", edge.Url);

        GrpcChannel Channel(string? token) => GrpcChannel.ForAddress(edge.Url, new GrpcChannelOptions { HttpHandler = new ClientSecurity(token, cert).CreateTransport() });
        using var admin = Channel(Admin);
        using var device = Channel(Device);
        using var anonymous = Channel(null);
        using var other = Channel(OtherAdmin);

        var loadByDevice = await Assert.ThrowsAsync<RpcException>(() => new StageService.StageServiceClient(device).LoadStageAsync(ReluStage.Load()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, loadByDevice.StatusCode);
        // As on a plain node, the loader names the devices that may run its stage.
        var load = ReluStage.Load();
        load.Callers.Add(TokenTable.IdentityOf(Device));
        await new StageService.StageServiceClient(admin).LoadStageAsync(load);
        // The private stage node sees the caller's own token: another admin may not replace the stage.
        var replace = await Assert.ThrowsAsync<RpcException>(() => new StageService.StageServiceClient(other).LoadStageAsync(ReluStage.Load()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, replace.StatusCode);

        var headers = new Metadata { { "verge-device", "car" } };
        var frame = await Assert.ThrowsAsync<RpcException>(() => new StageService.StageServiceClient(anonymous).InferAsync(ReluStage.Frame(0, 0), headers).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, frame.StatusCode);
        var reply = await new StageService.StageServiceClient(device).InferAsync(ReluStage.Frame(0, 0), headers);
        Assert.Equal(ReluStage.Expected(0, 0), TensorCodec.Decode(reply.Outputs.Single()).Data);

        var handover = await new EdgeSessionService.EdgeSessionServiceClient(device).HandoverAsync(new HandoverRequest { Device = "car", StageIds = { ReluStage.Id } });
        Assert.Equal(handover.PreviousSilo, handover.Silo); // already here: nothing moves
        // The handover is a device call like a frame: without a token it is refused.
        var anonymousHandover = await Assert.ThrowsAsync<RpcException>(() => new EdgeSessionService.EdgeSessionServiceClient(anonymous)
            .HandoverAsync(new HandoverRequest { Device = "car", StageIds = { ReluStage.Id } }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymousHandover.StatusCode);
        var cold = await Assert.ThrowsAsync<RpcException>(() => new EdgeSessionService.EdgeSessionServiceClient(device)
            .HandoverAsync(new HandoverRequest { Device = "car", StageIds = { "not-loaded" } }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, cold.StatusCode);
    }
}
