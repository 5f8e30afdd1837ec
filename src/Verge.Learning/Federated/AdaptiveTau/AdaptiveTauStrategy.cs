namespace Verge.Learning.Federated.AdaptiveTau;

/// <summary>
/// A synchronous strategy (FedAvg) whose local steps τ are chosen before every round by <see cref="TauController"/>
/// (Wang et al., JSAC 2019, Algorithm 2) under a resource budget. Every client estimates ρ_i, β_i and ∇F_i(w) on a fixed
/// probe batch of its own data between the round's start w and its weights after τ steps (<see cref="LocalEstimator"/>)
/// and sends them with its update; the server averages ρ_i and β_i weighted by data size, and takes δ as the weighted
/// mean of ‖∇F_i(w) − ∇F(w)‖, ∇F(w) being the weighted mean gradient (both from the clients' count sketches).
/// η is the step the bound's plain SGD would take for the same movement (<see cref="DivergenceEstimate.Eta"/>): lr
/// without momentum; with heavy-ball momentum m reset every round, the mean step over the round's τ steps, which grows
/// from lr at τ = 1 towards lr/(1 − m). The cost of a local step, c, is the slowest
/// device's time for one mini-batch; the cost of an aggregation, b, is measured every round as the round's time less
/// τc (so it includes the probe). <see cref="Record"/> feeds each round's cost back and picks the next τ.
/// With <see cref="TauMethod.AdaComm"/> the clients send F_i(w) and σ_i² instead of the sketch and
/// <see cref="AdaCommController"/> picks τ (Wang and Joshi, SysML 2019). With <see cref="TauMethod.Measured"/> the clients send
/// ρ_i and β_i without the sketch, the server measures the spread of their models from the updates themselves, and
/// <see cref="MeasuredDriftController"/> picks τ (G(τ) with that spread as h). Each is an <see cref="ITauRule"/>.
/// </summary>
public sealed class AdaptiveTauStrategy : IFederatedStrategy
{
    private readonly IFederatedStrategy _inner;
    private readonly ITauRule _rule;
    private readonly FitConfig _fit;
    private int _roundTau;

    /// <param name="stepCost">c: the budget one local step of the slowest participant consumes.</param>
    public AdaptiveTauStrategy(IFederatedStrategy inner, AdaptiveTauOptions options, FitConfig fit, double stepCost)
    {
        if (inner.Asynchronous || inner.Decentralized) throw new ArgumentException("adaptive τ needs a synchronous, server-based strategy", nameof(inner));
        if (!(options.Budget > 0)) throw new ArgumentOutOfRangeException(nameof(options), "the budget must be positive");
        if (options.ProbeSamples < 1 || options.SketchWidth < 1) throw new ArgumentOutOfRangeException(nameof(options), "the probe and the sketch need at least one value");
        (_inner, Options, StepCost, Tau) = (inner, options, stepCost, Math.Max(1, fit.LocalSteps));
        _fit = fit;
        _rule = ITauRule.For(options);
    }

    public string Name => _inner.Name;
    public long ModelVersion => _inner.ModelVersion;
    public bool Asynchronous => false;
    public bool Decentralized => false;
    public AdaptiveTauOptions Options { get; }
    /// <summary>The τ the next round runs.</summary>
    public int Tau { get; private set; }
    public double StepCost { get; }
    /// <summary>b, the last measured cost of an aggregation (NaN before the first round).</summary>
    public double AggregationCost { get; private set; } = double.NaN;
    public double Spent { get; private set; }
    public bool Exhausted { get; private set; }
    public DivergenceEstimate? Estimate { get; private set; }
    /// <summary>AdaComm's τ_0 once chosen (null under JSAC or before the first estimates).</summary>
    public int? InitialTau => (_rule as AdaCommController)?.InitialTau;
    /// <summary>The measured-drift controller (null unless <see cref="TauMethod.Measured"/>).</summary>
    public MeasuredDriftController? Measured => _rule as MeasuredDriftController;

    public FitPlan ConfigureFit(int round, IReadOnlyList<int> availableClients)
    {
        var plan = _inner.ConfigureFit(round, availableClients);
        _roundTau = Tau;
        var request = _rule.Request();
        return plan with
        {
            Instructions = plan.Instructions.Select(i => i with { Config = i.Config with { LocalSteps = Tau, LocalEpochs = 0, Estimate = request } }).ToList(),
        };
    }

    public RoundAggregate AggregateFit(int round, IReadOnlyList<ClientUpdate> results)
    {
        // The spread before the inner strategy aggregates, from the decoded updates as they arrived.
        _rule.Observe(_roundTau, results);
        var aggregate = _inner.AggregateFit(round, results);
        Estimate = Aggregate(results.Where(r => r.Steps > 0 && r.Estimate is not null).ToList(), _fit) ?? Estimate;
        string estimate = Estimate is { } e ? _rule.Describe(e) : "";
        return aggregate with { Note = $"τ {_roundTau}{estimate}" };
    }

    /// <summary>The round's cost (its simulated seconds): spends it, measures b, and picks the next τ (0 left: <see cref="Exhausted"/>).</summary>
    public void Record(double roundCost)
    {
        Spent += roundCost;
        AggregationCost = Math.Max(0, roundCost - _roundTau * StepCost);
        int wanted = Estimate is { } e ? _rule.Choose(e, Tau, StepCost, AggregationCost) : Tau;
        int affordable = TauController.Affordable(wanted, Options.Budget - Spent, StepCost, AggregationCost);
        Exhausted = affordable == 0;
        Tau = Math.Max(1, affordable);
    }

    /// <summary>
    /// Algorithm 2, lines 11–15: ρ and β are the data-weighted means of the clients' ρ_i and β_i; ∇F(w) is the weighted
    /// mean of their gradients and δ that of ‖∇F_i(w) − ∇F(w)‖ (0 without sketches); AdaComm's F and σ² are weighted means
    /// too. Null when no client sent estimates.
    /// </summary>
    public static DivergenceEstimate? Aggregate(IReadOnlyList<ClientUpdate> updates, FitConfig fit)
    {
        if (updates.Count == 0) return null;
        double total = updates.Sum(u => (double)Math.Max(1, u.Samples));
        int width = updates[0].Estimate!.GradientSketch.Length;
        if (updates.Any(u => u.Estimate!.GradientSketch.Length != width)) return null;
        var sketches = updates.Select(u => (u.Estimate!.GradientSketch, (double)Math.Max(1, u.Samples))).ToList();
        var mean = Aggregation.WeightedAverage(sketches, width);
        double rho = 0, beta = 0, delta = 0;
        var diff = new float[width];
        foreach (var u in updates)
        {
            double p = Math.Max(1, u.Samples) / total;
            var e = u.Estimate!;
            System.Numerics.Tensors.TensorPrimitives.Subtract(e.GradientSketch, mean, diff);
            (rho, beta, delta) = (rho + p * e.Rho, beta + p * e.Beta, delta + p * System.Numerics.Tensors.TensorPrimitives.Norm(diff));
        }
        var estimate = new DivergenceEstimate(rho, beta, delta, fit.LearningRate, fit.Momentum);
        if (updates.All(u => u.Estimate!.Loss is not null && u.Estimate.Variance is not null))
            estimate = estimate with
            {
                Loss = updates.Sum(u => Math.Max(1, u.Samples) / total * u.Estimate!.Loss!.Value),
                Variance = updates.Sum(u => Math.Max(1, u.Samples) / total * u.Estimate!.Variance!.Value),
            };
        return estimate;
    }

    public float[] ConfigureEvaluate(int round) => _inner.ConfigureEvaluate(round);

    public double AggregateEvaluate(int round, IReadOnlyList<EvaluateResult> results) => _inner.AggregateEvaluate(round, results);

    public IReadOnlyList<(string Name, float[] Values)> SaveState() => _inner.SaveState();

    public void LoadState(IReadOnlyList<(string Name, float[] Values)> state, long modelVersion) => _inner.LoadState(state, modelVersion);
}
