using System.Numerics.Tensors;

namespace Verge.Learning.Federated.AdaptiveTau;

/// <summary>
/// A synchronous strategy (FedAvg) whose local steps τ are chosen before every round by <see cref="TauController"/>
/// (Wang et al., JSAC 2019) under a resource budget. The estimates come from what the server sees at each
/// aggregation, where Wang et al. have every node compute them: a client's mean gradient is −Δ/(ητ), δ is the
/// sample-weighted distance of the clients' mean gradients from their mean, β is the change of that mean gradient
/// per unit of change of the global weights between two aggregations, and ρ, the loss's Lipschitz constant, is
/// bounded by the gradients' norm: the sample-weighted mean of the clients' ‖mean gradient‖ (the clients' reported
/// training losses did not change from round to round in the simulation, so a difference of losses gave ρ = 0).
/// η is the effective step of local SGD with momentum m reset every round, lr/(1 − m). The cost of a local step, c,
/// is the slowest device's time for one mini-batch; the cost of an aggregation, b, is measured every round as the
/// round's time less τc. <see cref="Record"/> feeds each round's cost back and picks the next τ.
/// </summary>
public sealed class AdaptiveTauStrategy : IFederatedStrategy
{
    private readonly IFederatedStrategy _inner;
    private readonly TauController _controller;
    private readonly double _eta;
    private float[]? _previousStart, _previousGradient;
    private int _roundTau;

    /// <param name="stepCost">c: the budget one local step of the slowest participant consumes.</param>
    public AdaptiveTauStrategy(IFederatedStrategy inner, AdaptiveTauOptions options, FitConfig fit, double stepCost)
    {
        if (inner.Asynchronous || inner.Decentralized) throw new ArgumentException("adaptive τ needs a synchronous, server-based strategy", nameof(inner));
        if (!(options.Budget > 0)) throw new ArgumentOutOfRangeException(nameof(options), "the budget must be positive");
        (_inner, _controller, StepCost, Tau) = (inner, new TauController(options), stepCost, Math.Max(1, fit.LocalSteps));
        _eta = fit.LearningRate / (1.0 - Math.Clamp(fit.Momentum, 0f, 0.999f));
    }

    public string Name => _inner.Name;
    public long ModelVersion => _inner.ModelVersion;
    public bool Asynchronous => false;
    public bool Decentralized => false;
    public AdaptiveTauOptions Options => _controller.Options;
    /// <summary>The τ the next round runs.</summary>
    public int Tau { get; private set; }
    public double StepCost { get; }
    /// <summary>b, the last measured cost of an aggregation (NaN before the first round).</summary>
    public double AggregationCost { get; private set; } = double.NaN;
    public double Spent { get; private set; }
    public bool Exhausted { get; private set; }
    public DivergenceEstimate? Estimate { get; private set; }

    public FitPlan ConfigureFit(int round, IReadOnlyList<int> availableClients)
    {
        var plan = _inner.ConfigureFit(round, availableClients);
        _roundTau = Tau;
        return plan with { Instructions = plan.Instructions.Select(i => i with { Config = i.Config with { LocalSteps = Tau, LocalEpochs = 0 } }).ToList() };
    }

    public RoundAggregate AggregateFit(int round, IReadOnlyList<ClientUpdate> results)
    {
        var start = (float[])_inner.ConfigureEvaluate(round).Clone();
        var aggregate = _inner.AggregateFit(round, results);
        var trained = results.Where(r => r.Steps > 0).ToList();
        if (trained.Count > 0) Observe(start, trained);
        string estimate = Estimate is { } e ? $"; δ {e.Delta:G3} β {e.Beta:G3} ρ {e.Rho:G3}" : "";
        return aggregate with { Note = $"τ {_roundTau}{estimate}" };
    }

    /// <summary>The round's cost (its simulated seconds): spends it, measures b, and picks the next τ (0 left: <see cref="Exhausted"/>).</summary>
    public void Record(double roundCost)
    {
        Spent += roundCost;
        AggregationCost = Math.Max(0, roundCost - _roundTau * StepCost);
        int wanted = Estimate is { } e ? _controller.Choose(e, Tau, StepCost, AggregationCost) : Tau;
        int affordable = TauController.Affordable(wanted, Options.Budget - Spent, StepCost, AggregationCost);
        Exhausted = affordable == 0;
        Tau = Math.Max(1, affordable);
    }

    private void Observe(float[] start, List<ClientUpdate> results)
    {
        int n = start.Length;
        var gradients = results.Select(r =>
        {
            var g = new float[n];
            TensorPrimitives.Multiply(r.Delta, (float)(-1.0 / (_eta * r.Steps)), g);
            return (g, (double)Math.Max(1, r.Samples));
        }).ToList();
        var mean = Aggregation.WeightedAverage(gradients, n);
        double total = gradients.Sum(g => g.Item2), delta = 0, rho = 0;
        var diff = new float[n];
        for (int k = 0; k < gradients.Count; k++)
        {
            TensorPrimitives.Subtract(gradients[k].g, mean, diff);
            delta += gradients[k].Item2 / total * TensorPrimitives.Norm(diff);
            rho += gradients[k].Item2 / total * TensorPrimitives.Norm(gradients[k].g);
        }
        if (_previousStart is not null && _previousGradient is not null)
        {
            TensorPrimitives.Subtract(start, _previousStart, diff);
            double moved = TensorPrimitives.Norm(diff);
            if (moved > 0)
            {
                TensorPrimitives.Subtract(mean, _previousGradient, diff);
                Estimate = new DivergenceEstimate(rho, TensorPrimitives.Norm(diff) / moved, delta, _eta);
            }
        }
        (_previousStart, _previousGradient) = (start, mean);
    }

    public float[] ConfigureEvaluate(int round) => _inner.ConfigureEvaluate(round);

    public double AggregateEvaluate(int round, IReadOnlyList<EvaluateResult> results) => _inner.AggregateEvaluate(round, results);

    public IReadOnlyList<(string Name, float[] Values)> SaveState() => _inner.SaveState();

    public void LoadState(IReadOnlyList<(string Name, float[] Values)> state, long modelVersion) => _inner.LoadState(state, modelVersion);
}
