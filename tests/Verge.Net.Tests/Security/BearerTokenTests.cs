using Grpc.Core;
using Verge.Net.Client;
using Verge.Net.Hosting;
using Verge.Net.Links;
using Verge.Net.Protos;
using Verge.Net.Security;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Tests.Security;

/// <summary>A real stage node on loopback behind the token check: no token, wrong role, right role.</summary>
public sealed class BearerTokenTests
{
    private static Task<NodeHost> StartAsync() =>
        NodeHost.StartAsync(new NodeHostOptions("edge") { Security = new ServerSecurity { Tokens = SecurityFixtures.Tokens } });

    private static NodeClient Connect(NodeHost node, string? token) =>
        NodeClient.Connect(node.Url, LinkParameters.Unlimited, security: new ClientSecurity(token));

    [Fact]
    public async Task ACallWithoutATokenIsUnauthenticated()
    {
        await using var node = await StartAsync();
        using var client = Connect(node, token: null);
        var e = await Assert.ThrowsAsync<RpcException>(() => client.PingAsync());
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Contains("no bearer token", e.Status.Detail);
    }

    [Fact]
    public async Task AnUnknownTokenIsUnauthenticated()
    {
        await using var node = await StartAsync();
        using var client = Connect(node, "not-a-token-of-this-server");
        var e = await Assert.ThrowsAsync<RpcException>(() => client.PingAsync());
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Fact]
    public async Task AnInferTokenCannotLoadAStage()
    {
        await using var node = await StartAsync();
        using var client = Connect(node, SecurityFixtures.InferToken);
        var e = await Assert.ThrowsAsync<RpcException>(() => client.LoadStageAsync(TestModels.TailStage));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Contains("needs role admin", e.Status.Detail);
    }

    [Fact]
    public async Task AdminLoadsAndInferRunsWithTheRightTokens()
    {
        await using var node = await StartAsync();
        // The admin names the device's token identity as a caller of its stage (issue 17: a stage runs only for them).
        using (var admin = Connect(node, SecurityFixtures.AdminToken))
            await admin.LoadStageAsync(TestModels.TailStage with { Callers = [TokenTable.IdentityOf(SecurityFixtures.InferToken)] });
        using var device = Connect(node, SecurityFixtures.InferToken);
        var request = new InferRequest { StageId = "tail", FrameId = 1 };
        using (var head = new StageSession(TestModels.HeadStage.Model, TestModels.HeadStage.Inputs, TestModels.HeadStage.Outputs))
            request.Inputs.Add(TensorCodec.Encode(head.Run([TestModels.Input(1)])[0], TensorEncoding.Fp32));
        var reply = await device.InferAsync(request);
        Assert.Equal("y", reply.Outputs[0].Name);
        await device.PingAsync();
    }
}
