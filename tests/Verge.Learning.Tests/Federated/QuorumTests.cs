using Verge.Learning.Federated;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Federated.FedAvg;
using Verge.Learning.Federated.Rounds;

namespace Verge.Learning.Tests.Federated;

/// <summary>A client that dies mid-round must cost the round its deadline and one log line, never a silent stall.</summary>
public sealed class QuorumTests
{
    /// <summary>Client 0 answers with a zero update; client 1 is a killed device that never answers.</summary>
    private sealed class HalfDeadPool : IClientPool
    {
        public Task<IReadOnlyList<int>> WaitForClientsAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<int>>([0, 1]);
        public IClientProxy this[int clientId] => new Proxy(clientId);

        private sealed class Proxy(int id) : IClientProxy
        {
            public int Id => id;

            public Task<FitReply> FitAsync(FitInstruction instruction, CancellationToken ct) => id == 0
                ? Task.FromResult(new FitReply(new UpdateEnvelope(0, instruction.Round, instruction.ModelVersion, new Fp32Codec().Encode(new float[4]), 10, 1, 0), 1))
                : Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => FitReply.Lost, TaskScheduler.Default);
        }
    }

    [Fact]
    public async Task ARoundShortOfItsQuorumSaysSoInOneLineAndCompletes()
    {
        var lines = new List<string>();
        var engine = new RoundEngine(new FedAvgStrategy(new float[4], new FedAvgOptions(new FitConfig(1, 1, 0.1f))), new HalfDeadPool(),
            new RoundEngineOptions(Rounds: 2) { RoundTimeout = TimeSpan.FromMilliseconds(20) }, 4, log: lines.Add);
        var outcomes = await engine.RunAsync();
        Assert.Equal(2, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal([1], o.Missing));
        Assert.Equal(2, lines.Count);
        Assert.Contains("round 1: the 0.02 s deadline passed with 1 of 2 updates (1 clients silent)", lines[0]);
    }
}
