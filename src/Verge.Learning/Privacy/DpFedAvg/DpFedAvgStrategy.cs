using System.Numerics.Tensors;
using System.Security.Cryptography;
using Verge.Learning.Engine;
using Verge.Learning.Federated;
using Verge.Learning.Privacy.Accounting;

namespace Verge.Learning.Privacy.DpFedAvg;

/// <summary>
/// DP-FedAvg (McMahan, Ramage, Talwar and Zhang, "Learning Differentially Private Recurrent Language Models", ICLR
/// 2018), user-level DP: every client joins a round independently with probability q (Poisson sampling, as the
/// accountant assumes), clips its update to L2 norm S (the client does, the server enforces it where it sees
/// updates), and the server adds N(0, (zS)²) to the sum and divides by the expected count qN (the paper's fixed-
/// denominator estimator). (ε, δ) after T rounds is the subsampled Gaussian's (<see cref="RdpAccountant"/>, q, z, T).
/// Under secure aggregation the server adds the noise after unmasking, to the sum it is handed.
/// </summary>
public sealed class DpFedAvgStrategy : IFederatedStrategy
{
    private readonly DpFedAvgOptions _dp;
    private readonly FitConfig _fit;
    private readonly Rng _rng;
    private double _expected;
    private float[] _global;

    /// <param name="sampleRate">q: each available client joins a round with this probability.</param>
    public DpFedAvgStrategy(float[] initialWeights, FitConfig fit, double sampleRate, DpFedAvgOptions dp)
    {
        if (!(sampleRate > 0 && sampleRate <= 1)) throw new ArgumentOutOfRangeException(nameof(sampleRate), "the sampling rate must lie in (0, 1]");
        (_global, _fit, SampleRate, _dp) = ((float[])initialWeights.Clone(), fit with { ClipNorm = dp.Clip }, sampleRate, dp.Validate());
        _rng = new Rng(dp.Seed ?? RandomNumberGenerator.GetInt32(int.MaxValue));
    }

    public string Name => "dp-fedavg";
    public long ModelVersion { get; private set; }
    public bool Asynchronous => false;
    public bool Decentralized => false;
    public double SampleRate { get; }
    /// <summary>Rounds whose noisy aggregate was released (what the accountant counts).</summary>
    public int Rounds { get; private set; }
    public PrivacySpent Spent => RdpAccountant.Epsilon(SampleRate, _dp.Noise, Rounds, _dp.Delta);

    public FitPlan ConfigureFit(int round, IReadOnlyList<int> availableClients)
    {
        // The denominator is fixed before sampling (qN), so it reveals nothing about who took part.
        _expected = Math.Max(SampleRate * availableClients.Count, 1e-9);
        var chosen = availableClients.Where(_ => _rng.NextDouble() < SampleRate).ToList();
        return new FitPlan(chosen.Select(c => new FitInstruction(c, round, ModelVersion, _global, _fit)).ToList(), chosen.Count);
    }

    public RoundAggregate AggregateFit(int round, IReadOnlyList<ClientUpdate> results)
    {
        float clip = (float)_dp.Clip;
        var sum = new float[_global.Length];
        int used = 0;
        foreach (var r in results)
        {
            if (r.Contributors == 1)
            {
                // Enforce the clip a client was asked for: ‖Δ‖ ≤ S bounds one user's influence (the sensitivity).
                double norm = Aggregation.Norm(r.Delta);
                TensorPrimitives.MultiplyAdd(r.Delta, norm > clip ? (float)(clip / norm) : 1f, sum, sum);
            }
            // Under secure aggregation the update is the survivors' mean of updates each client clipped itself.
            else TensorPrimitives.MultiplyAdd(r.Delta, r.Contributors, sum, sum);
            used += r.Contributors;
        }
        double std = _dp.Noise * clip;
        for (int i = 0; i < sum.Length; i++) sum[i] = (float)((sum[i] + std * _rng.Normal()) / _expected);
        var next = (float[])_global.Clone();
        Aggregation.AddScaled(next, sum, 1f);
        _global = next;
        ModelVersion++;
        Rounds++;
        var spent = Spent;
        return new RoundAggregate(used) { Epsilon = spent.Epsilon, Delta = spent.Delta };
    }

    public float[] GlobalWeights => _global;

    public float[] ConfigureEvaluate(int round) => _global;

    public IReadOnlyList<(string Name, float[] Values)> SaveState() => [("global", _global), ("dp-rounds", [Rounds])];

    public void LoadState(IReadOnlyList<(string Name, float[] Values)> state, long modelVersion)
    {
        _global = (float[])state.Single(s => s.Name == "global").Values.Clone();
        Rounds = (int)state.Single(s => s.Name == "dp-rounds").Values[0];
        ModelVersion = modelVersion;
    }
}
