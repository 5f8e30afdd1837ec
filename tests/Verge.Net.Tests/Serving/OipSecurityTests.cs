using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using Verge.Net.Hosting;
using Verge.Net.Security;
using Verge.Net.Serving;
using Verge.Net.Tests.Oip.Client;

namespace Verge.Net.Tests.Serving;

/// <summary>Both protocol ports behind the node's bearer tokens: infer for inference and metadata, admin for load/unload.</summary>
public sealed class OipSecurityTests
{
    private const string InferToken = "infer-token-0123456789", AdminToken = "admin-token-0123456789";

    [Fact]
    public async Task TokensGuardBothPortsWithTheirRoles()
    {
        var root = OipModels.Repository();
        try
        {
            var security = ServerSecurity.None with { Tokens = TokenTable.Parse([$"{InferToken} infer", $"{AdminToken} admin"]) };
            await using var host = await ServingHost.StartAsync(root, new NodeHostOptions("edge") { Security = security }, "http://127.0.0.1:0");
            using var channel = GrpcChannel.ForAddress(host.Url);
            var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
            Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };

            var none = await Assert.ThrowsAsync<RpcException>(async () => await client.ModelReadyAsync(new ModelReadyRequest { Name = "dense" }));
            Assert.Equal(StatusCode.Unauthenticated, none.StatusCode);
            Assert.True((await client.ModelReadyAsync(new ModelReadyRequest { Name = "dense" }, Bearer(InferToken))).Ready);
            var denied = await Assert.ThrowsAsync<RpcException>(async () =>
                await client.RepositoryModelUnloadAsync(new RepositoryModelUnloadRequest { ModelName = "ints" }, Bearer(InferToken)));
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
            await client.RepositoryModelUnloadAsync(new RepositoryModelUnloadRequest { ModelName = "ints" }, Bearer(AdminToken));

            using var http = new HttpClient { BaseAddress = new Uri(host.RestUrl!) };
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/v2/models/dense")).StatusCode);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", InferToken);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v2/models/dense")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync("/v2/repository/models/ints/load", null)).StatusCode);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/v2/repository/models/ints/load", null)).StatusCode);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
