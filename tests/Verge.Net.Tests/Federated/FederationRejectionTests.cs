using Google.Protobuf;
using Grpc.Net.Client;
using Verge.Learning.Federated.Codecs;
using Verge.Net.Federated;
using Verge.Net.Federated.Protos;

namespace Verge.Net.Tests.Federated;

/// <summary>An in-process server over real loopback gRPC: bad updates are refused with a reason and never averaged in.</summary>
public sealed class FederationRejectionTests
{
    [Fact]
    public async Task MalformedUpdatesAreRejectedWithAReasonAndTheRoundStillCompletes()
    {
        var log = new List<string>();
        var options = new FederationServerOptions("fedavg", "mlp", "fp32", Rounds: 1, MinClients: 1)
        {
            RoundTimeout = TimeSpan.FromSeconds(30), TestLimit = -1,
        };
        await using var server = await FederationServer.StartAsync(options, "127.0.0.1", 0, line => { lock (log) log.Add(line); });
        using var channel = GrpcChannel.ForAddress(server.Url);
        var client = new Verge.Net.Federated.Protos.Federation.FederationClient(channel);
        TaskReply task;
        do task = await client.NextTaskAsync(new TaskRequest { ClientId = 0 });
        while (task.Kind != TaskReply.Types.Kind.Fit);
        var weights = UpdateCodec.Decode(task.Weights.Span);
        var fp32 = new Fp32Codec();

        async Task<UpdateReply> Send(float[] delta, long version = -1, int round = -1, int clientId = 0) =>
            await client.SubmitUpdateAsync(new UpdateRequest
            {
                ClientId = clientId, Round = round < 0 ? task.Round : round, ModelVersion = version < 0 ? task.ModelVersion : version,
                Payload = ByteString.CopyFrom(fp32.Encode(delta)), Samples = 10, Steps = 1,
            });

        var shape = await Send(new float[weights.Length - 1]);
        Assert.False(shape.Accepted);
        Assert.Contains($"the model has {weights.Length}", shape.Reason);
        var nan = new float[weights.Length];
        nan[5] = float.NaN;
        Assert.Contains("non-finite", (await Send(nan)).Reason);
        Assert.Contains("model version 7", (await Send(new float[weights.Length], version: 7)).Reason);
        Assert.Contains("not asked", (await Send(new float[weights.Length], clientId: 3)).Reason);
        var garbage = await client.SubmitUpdateAsync(new UpdateRequest
        {
            ClientId = 0, Round = task.Round, ModelVersion = task.ModelVersion, Payload = ByteString.CopyFrom(9, 9, 9),
        });
        Assert.Contains("malformed", garbage.Reason);
        Assert.Equal(5, server.Coordinator.RejectedUpdates);

        var good = new float[weights.Length];
        good[0] = 1f;
        Assert.True((await Send(good)).Accepted);
        await server.Completion;
        // Only the good update moved the model.
        var after = server.Coordinator.Strategy.ConfigureEvaluate(1);
        Assert.Equal(weights[0] + 1f, after[0]);
        Assert.Equal(weights[5], after[5]);
        // Five refusals, but one log line per client and round: client 0's four retries, and client 3.
        lock (log) Assert.Equal(2, log.Count(l => l.StartsWith("rejected an update:", StringComparison.Ordinal)));
    }
}
