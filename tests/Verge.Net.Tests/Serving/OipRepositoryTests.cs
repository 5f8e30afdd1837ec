using Grpc.Core;
using Grpc.Net.Client;
using Verge.Net.Hosting;
using Verge.Net.Serving;
using Verge.Net.Tests.Oip.Client;

namespace Verge.Net.Tests.Serving;

/// <summary>The repository extension: index, unload and load at run time, over gRPC and REST; and the real `verge serve --models`.</summary>
public sealed class OipRepositoryTests
{
    [Fact]
    public async Task UnloadAndLoadThroughTheAdminCalls()
    {
        var root = OipModels.Repository();
        try
        {
            await using var host = await ServingHost.StartAsync(root, new NodeHostOptions("edge"), "http://127.0.0.1:0");
            using var channel = GrpcChannel.ForAddress(host.Url);
            var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
            using var http = new HttpClient { BaseAddress = new Uri(host.RestUrl!) };

            var index = await client.RepositoryIndexAsync(new RepositoryIndexRequest());
            Assert.Equal(["dense 1 READY", "ints 1 READY"], index.Models.Select(m => $"{m.Name} {m.Version} {m.State}").Order());

            await client.RepositoryModelUnloadAsync(new RepositoryModelUnloadRequest { ModelName = "ints" });
            Assert.False((await client.ModelReadyAsync(new ModelReadyRequest { Name = "ints" })).Ready);
            Assert.Equal(["dense"], (await client.RepositoryIndexAsync(new RepositoryIndexRequest { Ready = true })).Models.Select(m => m.Name));
            var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.ModelInferAsync(new ModelInferRequest { ModelName = "ints" }));
            Assert.Contains(refused.StatusCode, new[] { StatusCode.Unavailable, StatusCode.NotFound });

            await client.RepositoryModelLoadAsync(new RepositoryModelLoadRequest { ModelName = "ints" });
            Assert.True((await client.ModelReadyAsync(new ModelReadyRequest { Name = "ints" })).Ready);

            var unknown = await Assert.ThrowsAsync<RpcException>(async () => await client.RepositoryModelLoadAsync(new RepositoryModelLoadRequest { ModelName = "nothing" }));
            Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

            Assert.True((await http.PostAsync("/v2/repository/models/dense/unload", null)).IsSuccessStatusCode);
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/v2/models/dense/ready")).StatusCode);
            Assert.True((await http.PostAsync("/v2/repository/models/dense/load", null)).IsSuccessStatusCode);
            Assert.True((await http.GetAsync("/v2/models/dense/ready")).IsSuccessStatusCode);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task VergeServeModelsAnswersOnBothPortsItReports()
    {
        var root = OipModels.Repository();
        var process = ChildProcess.StartVerge("serve", "--models", root, "--listen", "http://127.0.0.1:0", "--http-listen", "http://127.0.0.1:0");
        try
        {
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var grpcLine = await process.ReadLineAsync(guard.Token);
            var restLine = await process.ReadLineAsync(guard.Token);
            Assert.StartsWith("verge serve: edge listening on http://127.0.0.1:", grpcLine);
            Assert.StartsWith("verge serve: REST (Open Inference Protocol) on http://127.0.0.1:", restLine);
            var table = new[] { await process.ReadLineAsync(guard.Token), await process.ReadLineAsync(guard.Token), await process.ReadLineAsync(guard.Token) };
            Assert.Contains(table, l => l!.Contains("dense") && l.Contains("ready") && l.Contains("dynamic up to 8"));
            Assert.Contains(table, l => l!.Contains("ints") && l.Contains("max_batch_size is 0"));

            using var channel = GrpcChannel.ForAddress(grpcLine!.Split(' ')[^1]);
            var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
            Assert.True((await client.ModelReadyAsync(new ModelReadyRequest { Name = "dense" })).Ready);
            using var http = new HttpClient { BaseAddress = new Uri(restLine!.Split(' ')[^1]) };
            Assert.True((await http.GetAsync("/v2/health/ready")).IsSuccessStatusCode);
        }
        finally
        {
            process.Dispose();
            Directory.Delete(root, recursive: true);
        }
    }
}
