using Grpc.Core;
using Verge.Net.Client;
using Verge.Net.Hosting;
using Verge.Net.Links;
using Verge.Net.Protos;
using Verge.Net.Security;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Tests.Security;

/// <summary>Issue 17: a stage belongs to its loader; ids the node names are unguessable; next hops only where allowed.</summary>
public sealed class StageOwnershipTests
{
    private static Task<NodeHost> StartAsync(ServerSecurity? security = null) =>
        NodeHost.StartAsync(new NodeHostOptions("edge") { Security = security ?? new ServerSecurity { Tokens = SecurityFixtures.Tokens } });

    private static NodeClient Connect(NodeHost node, string token) =>
        NodeClient.Connect(node.Url, LinkParameters.Unlimited, security: new ClientSecurity(token));

    [Fact]
    public async Task AnotherCallerCannotReplaceOrUnloadAStage()
    {
        await using var node = await StartAsync();
        using var owner = Connect(node, SecurityFixtures.AdminToken);
        using var other = Connect(node, SecurityFixtures.OtherAdminToken);
        await owner.LoadStageAsync(TestModels.TailStage);

        var replace = await Assert.ThrowsAsync<RpcException>(() => other.LoadStageAsync(TestModels.TailStage));
        Assert.Equal(StatusCode.PermissionDenied, replace.StatusCode);
        Assert.Contains("belongs to another caller", replace.Status.Detail);
        var unload = await Assert.ThrowsAsync<RpcException>(() => other.UnloadStageAsync("tail"));
        Assert.Equal(StatusCode.PermissionDenied, unload.StatusCode);

        await owner.LoadStageAsync(TestModels.TailStage); // the owner may replace its own
        await owner.UnloadStageAsync("tail");
        var gone = await Assert.ThrowsAsync<RpcException>(() => owner.InferAsync(new InferRequest { StageId = "tail" }));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task AnotherCallerCannotRunAStageButTheChainThroughItStillWorks()
    {
        // Cloud and edge behind the same tokens; the owner loads the tail on the cloud, then the head on the edge forwarding to it.
        await using var cloud = await StartAsync();
        await using var edge = await StartAsync();
        using var owner = Connect(edge, SecurityFixtures.AdminToken);
        using (var toCloud = Connect(cloud, SecurityFixtures.AdminToken))
            await toCloud.LoadStageAsync(TestModels.TailStage);
        await owner.LoadStageAsync(TestModels.HeadStage, new NextHopSpec(cloud.Url, TestModels.TailStage.Id, LinkParameters.Unlimited, TensorEncoding.Fp32));

        InferRequest Frame(string stage)
        {
            var request = new InferRequest { StageId = stage, FrameId = 1 };
            request.Inputs.Add(TensorCodec.Encode(TestModels.Input(1), TensorEncoding.Fp32));
            return request;
        }
        // device → edge → cloud: the edge calls the cloud stage with the loader's token, so it is the owner there.
        var reply = await owner.InferAsync(Frame(TestModels.HeadStage.Id));
        Assert.Equal(2, reply.Timings.Count);

        using var other = Connect(edge, SecurityFixtures.OtherAdminToken);
        using var device = Connect(edge, SecurityFixtures.InferToken);
        foreach (var stranger in new[] { other, device })
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => stranger.InferAsync(Frame(TestModels.HeadStage.Id)));
            Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
            Assert.Contains("belongs to another caller", e.Status.Detail);
            Assert.DoesNotContain('\n', e.Status.Detail);
        }
        using var cloudStranger = Connect(cloud, SecurityFixtures.OtherAdminToken);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => cloudStranger.InferAsync(Frame(TestModels.TailStage.Id)))).StatusCode);
    }

    [Fact]
    public async Task ADeviceRefusedByTheNodeSaysSoInsteadOfFallingBackSilently()
    {
        await using var node = await StartAsync();
        using (var owner = Connect(node, SecurityFixtures.AdminToken))
            await owner.LoadStageAsync(TestModels.TailStage);
        using var agent = await Verge.Net.Device.DeviceAgent.StartAsync(new Verge.Net.Device.DeviceAgentOptions
        {
            FullModel = TestModels.Full, Head = TestModels.HeadStage, RemoteUrl = node.Url, RemoteStageId = "tail",
            Security = new ClientSecurity(SecurityFixtures.OtherAdminToken),
        });
        var e = await Assert.ThrowsAsync<Verge.Core.Errors.InputException>(() => agent.InferAsync([TestModels.Input(1)]));
        Assert.Contains("refused frame 0", e.Message);
        Assert.Contains("belongs to another caller", e.Message);
    }

    [Fact]
    public void DeploymentStageIdsAreUnguessable()
    {
        var a = StageIds.Unguessable("edge-only/1");
        Assert.Matches(@"^edge-only/1\.[A-Za-z0-9_-]{22}$", a);
        Assert.NotEqual(a, StageIds.Unguessable("edge-only/1"));
    }

    [Fact]
    public async Task ALoadWithoutAnIdGetsAnUnguessableOne()
    {
        await using var node = await StartAsync();
        using var client = Connect(node, SecurityFixtures.AdminToken);
        var unnamed = TestModels.TailStage with { Id = "" };
        var first = (await client.LoadStageAsync(unnamed)).StageId;
        var second = (await client.LoadStageAsync(unnamed)).StageId;
        Assert.Matches("^stage-[0-9a-f]{32}$", first);
        Assert.NotEqual(first, second);
        Assert.Equal("tail", (await client.LoadStageAsync(TestModels.TailStage)).StageId);
    }

    [Fact]
    public async Task ANextHopOutsideTheAllowListIsRefused()
    {
        await using var node = await StartAsync(new ServerSecurity { AllowedNextHops = ["http://127.0.0.1:1"] });
        using var client = Connect(node, SecurityFixtures.AdminToken);
        var link = LinkParameters.Unlimited;
        await client.LoadStageAsync(TestModels.EdgeStage, new NextHopSpec("http://127.0.0.1:1", "cloud", link, TensorEncoding.Fp32));
        var e = await Assert.ThrowsAsync<RpcException>(() => client.LoadStageAsync(TestModels.EdgeStage, new NextHopSpec("http://127.0.0.1:2", "cloud", link, TensorEncoding.Fp32)));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Contains("--allow-next-hop http://127.0.0.1:2", e.Status.Detail);
    }

    [Fact]
    public async Task ByDefaultALoopbackNodeForwardsOnlyToLoopback()
    {
        await using var node = await StartAsync(ServerSecurity.None);
        using var client = Connect(node, SecurityFixtures.AdminToken);
        // Refused on the address alone: the node never dials it.
        var e = await Assert.ThrowsAsync<RpcException>(() => client.LoadStageAsync(TestModels.EdgeStage, new NextHopSpec("http://192.0.2.1:50051", "cloud", LinkParameters.Unlimited, TensorEncoding.Fp32)));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.False(ServerSecurity.None.AllowsNextHop(new Uri("http://127.0.0.1:9"), System.Net.IPAddress.Any));
        Assert.True(ServerSecurity.None.AllowsNextHop(new Uri("http://localhost:9"), System.Net.IPAddress.Loopback));
    }

    [Fact]
    public void AReplacedStageIsFreedOnceItsLastCallEnds()
    {
        using var registry = new StageRegistry();
        LoadedStage Make() => new("tail", "me", new StageSession(TestModels.Tail, ["h"], ["y"]), null, null, TensorEncoding.Fp32);
        var first = Make();
        Assert.Equal(StageRegistry.PutResult.Stored, registry.TryPut(first));
        var running = registry.Acquire("tail")!;
        Assert.Equal(StageRegistry.PutResult.Stored, registry.TryPut(Make()));
        Assert.False(first.Disposed); // a call still runs on it
        running.Release();
        Assert.True(first.Disposed);

        var second = registry.Acquire("tail")!;
        second.Release();
        Assert.Equal(StageRegistry.PutResult.Stored, registry.TryPut(Make()));
        Assert.True(second.Disposed); // idle: freed at once
        var foreign = new LoadedStage("tail", "someone-else", new StageSession(TestModels.Tail, ["h"], ["y"]), null, null, TensorEncoding.Fp32);
        Assert.Equal(StageRegistry.PutResult.Foreign, registry.TryPut(foreign));
        foreign.Retire();
        var extra = new LoadedStage("another", "me", new StageSession(TestModels.Tail, ["h"], ["y"]), null, null, TensorEncoding.Fp32);
        Assert.Equal(StageRegistry.PutResult.Full, registry.TryPut(extra, maxStages: 1));
        extra.Retire();
        Assert.Equal(StageRegistry.PutResult.Stored, registry.TryPut(Make(), maxStages: 1)); // replacing does not count
    }
}
