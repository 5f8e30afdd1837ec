using Google.Protobuf;
using Grpc.Net.Client;
using Verge.Learning.Data;
using Verge.Learning.Federated;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Federated.Simulation;
using Verge.Learning.Models;
using Verge.Net.Federated;
using Verge.Net.Federated.Protos;

namespace Verge.Net.Tests.Federated;

/// <summary>
/// The one round engine, driven once by simulated proxies in this process and once by remote proxies behind a real
/// gRPC server on loopback: the same seed and the same clients give the same global model, bit for bit.
/// </summary>
public sealed class RoundEngineTests
{
    private const int Clients = 3, Rounds = 3, TrainLimit = 600;
    private static readonly StrategySettings Settings = new() { Fit = new FitConfig(LocalSteps: 5, BatchSize: 16, LearningRate: 0.05f, Momentum: 0.9f) };

    [Fact]
    public async Task SimulatedAndGrpcProxiesGiveTheSameModelAfterThreeRounds()
    {
        var train = (await FashionMnist.LoadTrainAsync()).Take(TrainLimit);
        var test = (await FashionMnist.LoadTestAsync()).Take(100);

        // Identical devices: every simulated update arrives at the same simulated time, so the engine takes them in
        // client order, the order in which the gRPC clients below submit theirs.
        var simulation = new FederatedSimulation(new SimulationOptions("mlp-small", Clients, "fedavg", "fp32", Rounds)
        {
            Settings = Settings, Alpha = 0.5, SpeedSpread = 0,
        }, train, test);
        simulation.Run();
        var simulated = simulation.Strategy.ConfigureEvaluate(Rounds);

        var options = new FederationServerOptions("fedavg", "mlp-small", "fp32", Rounds, MinClients: Clients)
        {
            Settings = Settings, RoundTimeout = TimeSpan.FromSeconds(60), TestLimit = -1,
        };
        await using var server = await FederationServer.StartAsync(options, "127.0.0.1", 0, _ => { });
        using var channel = GrpcChannel.ForAddress(server.Url);
        var federation = new Verge.Net.Federated.Protos.Federation.FederationClient(channel);
        var shares = Partitioner.Dirichlet(train.Labels, Clients, 0.5, seed: 0);
        var devices = Enumerable.Range(0, Clients).Select(id => new FederatedClient(id, TrainableZoo.Create("mlp-small"), train.Subset(shares[id]),
            CodecSpec.Parse("fp32")(id), Settings.Fit.BatchSize)).ToArray();

        var sessions = new Dictionary<int, string>();
        foreach (var d in devices)
            sessions[d.Id] = (await federation.JoinAsync(new JoinRequest { ClientId = d.Id })).Session;
        for (int round = 1; round <= Rounds; round++)
        {
            // Every device collects its fit first (the round starts once all three are present), then they train and
            // submit one after another.
            var fits = await Task.WhenAll(devices.Select(d => NextFitAsync(federation, d.Id, sessions[d.Id])));
            foreach (var (device, task) in devices.Zip(fits))
            {
                var config = new FitConfig(task.LocalSteps, task.BatchSize, task.LearningRate, task.Momentum, task.ElasticAlpha) { LocalEpochs = task.LocalEpochs };
                var envelope = device.Fit(new FitInstruction(device.Id, task.Round, task.ModelVersion, UpdateCodec.Decode(task.Weights.Span), config));
                var reply = await federation.SubmitUpdateAsync(new UpdateRequest
                {
                    ClientId = device.Id, Round = envelope.Round, ModelVersion = envelope.ModelVersion, Payload = ByteString.CopyFrom(envelope.Payload),
                    Samples = envelope.Samples, Steps = envelope.Steps, TrainLoss = envelope.TrainLoss, Session = sessions[device.Id],
                });
                Assert.True(reply.Accepted, reply.Reason);
            }
        }
        await server.Completion.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(Rounds, server.Coordinator.CompletedRounds);
        Assert.Equal(simulated, server.Coordinator.Strategy.ConfigureEvaluate(Rounds));
    }

    private static async Task<TaskReply> NextFitAsync(Verge.Net.Federated.Protos.Federation.FederationClient federation, int clientId, string session)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var task = await federation.NextTaskAsync(new TaskRequest { ClientId = clientId, Session = session }, cancellationToken: guard.Token);
            if (task.Kind == TaskReply.Types.Kind.Fit) return task;
        }
    }
}
