using Grpc.Net.Client;
using Verge.Net.Protos;

namespace Verge.Net.Tests.Serving;

/// <summary>The edge server (`verge serve --models`) hosts the stage service beside the Open Inference Protocol: it answers.</summary>
public sealed class EdgeServerStageServiceTests(EdgeServerFixture edge) : IClassFixture<EdgeServerFixture>
{
    [Fact]
    public async Task TheStageServiceAnswersOnTheEdgeServer()
    {
        // Found by the wire fuzzer after a merge: the service lacked a dependency, and every stage call answered UNKNOWN.
        using var channel = GrpcChannel.ForAddress(edge.Host.Url);
        var reply = await new StageService.StageServiceClient(channel).PingAsync(new PingRequest());
        Assert.Equal("edge", reply.Role);
    }
}
