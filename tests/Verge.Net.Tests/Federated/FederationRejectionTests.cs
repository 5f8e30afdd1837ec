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
        var session = (await client.JoinAsync(new JoinRequest { ClientId = 0 })).Session;
        var idle = (await client.JoinAsync(new JoinRequest { ClientId = 3 })).Session; // joined, never polls, so never asked
        TaskReply task;
        do task = await client.NextTaskAsync(new TaskRequest { ClientId = 0, Session = session });
        while (task.Kind != TaskReply.Types.Kind.Fit);
        var weights = UpdateCodec.Decode(task.Weights.Span);
        var fp32 = new Fp32Codec();

        async Task<UpdateReply> Send(float[] delta, long version = -1, int round = -1, int clientId = 0) =>
            await client.SubmitUpdateAsync(new UpdateRequest
            {
                ClientId = clientId, Round = round < 0 ? task.Round : round, ModelVersion = version < 0 ? task.ModelVersion : version,
                Payload = ByteString.CopyFrom(fp32.Encode(delta)), Samples = 10, Steps = 1, Session = clientId == 0 ? session : idle,
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
            ClientId = 0, Round = task.Round, ModelVersion = task.ModelVersion, Payload = ByteString.CopyFrom(9, 9, 9), Session = session,
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

    [Fact]
    public async Task AForgedOrUnknownClientIdIsRefused()
    {
        var options = new FederationServerOptions("fedavg", "mlp", "fp32", Rounds: 1, MinClients: 2) { RoundTimeout = TimeSpan.FromSeconds(30), TestLimit = -1 };
        await using var server = await FederationServer.StartAsync(options, "127.0.0.1", 0, _ => { });
        using var channel = GrpcChannel.ForAddress(server.Url);
        var client = new Verge.Net.Federated.Protos.Federation.FederationClient(channel);
        var session = (await client.JoinAsync(new JoinRequest { ClientId = 0 })).Session;
        Assert.Matches("^[0-9a-f]{32}$", session);

        // Never joined, a session of another id, no session, a made-up one: all refused before they count as present.
        foreach (var (id, forged) in new[] { (7, ""), (1, session), (0, ""), (0, "00112233445566778899aabbccddeeff") })
        {
            var poll = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => client.NextTaskAsync(new TaskRequest { ClientId = id, Session = forged }).ResponseAsync);
            Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, poll.StatusCode);
            Assert.Contains("call Join", poll.Status.Detail);
            var submit = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => client.SubmitUpdateAsync(new UpdateRequest { ClientId = id, Session = forged }).ResponseAsync);
            Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, submit.StatusCode);
        }
        var negative = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => client.JoinAsync(new JoinRequest { ClientId = -1 }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, negative.StatusCode);
        Assert.Equal(0, server.Coordinator.RejectedUpdates); // refused at the door, not counted as updates
        // The genuine session still polls.
        Assert.NotEqual(TaskReply.Types.Kind.Done, (await client.NextTaskAsync(new TaskRequest { ClientId = 0, Session = session })).Kind);
    }
}
