using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Federated.Rounds;
using Verge.Learning.Federated.SecureAggregation;
using Verge.Learning.Models;
using Verge.Learning.Privacy.DataNoise;
using Verge.Learning.Privacy.DpFedAvg;

namespace Verge.Learning.Federated.Simulation;

/// <summary>
/// Runs a strategy with many clients in one process on a simulated clock: the <see cref="RoundEngine"/> drives
/// <see cref="SimulatedClientProxy"/>s that really train on their own partitions (one shared model object, weights
/// swapped in per fit), while time is simulated from each device's compute speed and link. Synchronous strategies
/// wait for their quorum (later results are stragglers and are dropped); asynchronous ones apply each update when
/// it arrives.
/// </summary>
public sealed class FederatedSimulation
{
    private readonly SimulationOptions _options;
    private readonly ImageDataset _test;
    private readonly TrainableModel _model;
    private readonly SimulatedClientProxy[] _proxies;
    private readonly RoundEngine _engine;

    public FederatedSimulation(SimulationOptions options, ImageDataset train, ImageDataset test)
    {
        if (options.Clients < 1) throw new UsageException("a federation needs at least 1 client");
        if (options.Rounds < 1) throw new UsageException("a federation runs at least 1 round");
        if (options.Settings.BackupWorkers >= options.Clients)
            throw new UsageException($"{options.Settings.BackupWorkers} backup workers leave no result to wait for among {options.Clients} clients; use fewer");
        _options = options;
        int seed = options.Seed;
        train = train.Take(options.TrainLimit);
        _test = test.Take(options.TestLimit);
        _model = TrainableZoo.Create(options.Model, seed);
        var codec = CodecSpec.Parse(options.Codec);
        var secure = options.SecureAggregation is { } sa
            ? SecAggComposition.Resolve(sa, options.Strategy.ToLowerInvariant(), options.Codec, options.Settings.Aggregation) : null;
        if (secure is not null && options.Attackers > 0)
            throw new UsageException("--attackers cannot be combined with --secure-aggregation: a poisoned update is masked like any other, and the server cannot see it");
        secure?.Validate(ClientSampler.Sample(Enumerable.Range(0, options.Clients).ToList(), options.Settings.Fraction, seed, 1).Count);
        var shares = options.Alpha is { } alpha
            ? Partitioner.Dirichlet(train.Labels, options.Clients, alpha, seed)
            : Partitioner.Iid(train.Count, options.Clients, seed);
        var initial = ModelVector.Get(_model);
        var strategy = options.Dp is { } dp ? DpStrategy(options, initial, dp) : StrategyCatalog.Create(options.Strategy, initial, options.Settings, options.Clients);
        long modelBytes = Fp32Codec.EncodedSize(initial.Length);
        var profiles = BuildProfiles(options);
        if (options.AdaptiveTau is { } adaptive) strategy = LocalWork.Adaptive(options, strategy, adaptive, profiles);
        var kind = strategy.Asynchronous ? SimulatedRoundKind.Asynchronous
            : strategy.Decentralized ? SimulatedRoundKind.Decentralized : SimulatedRoundKind.Synchronous;
        var dropRng = new Rng(seed + 17);
        _proxies = shares.Select((share, c) => new SimulatedClientProxy(
            new FederatedClient(c, _model, Device(train.Subset(share), options.DataNoise, c), codec(seed * 10_007 + c), options.Settings.Fit.BatchSize, seed),
            profiles[c], modelBytes, dropRng, kind, options.DeadlineSeconds, c < options.Attackers ? options.Attack : null)).ToArray();
        _engine = new RoundEngine(strategy, new SimulatedClientPool(_proxies),
            new RoundEngineOptions(options.Rounds) { RoundTimeout = TimeSpan.FromSeconds(options.DeadlineSeconds), ModelBytes = modelBytes, Limits = options.Settings.Limits,
                SecureAggregation = secure, Seed = seed },
            initial.Length, weights => FederatedClient.Evaluate(_model, weights, _test));
    }

    public IFederatedStrategy Strategy => _engine.Strategy;
    public IReadOnlyList<ClientProfile> Profiles => _proxies.Select(p => p.Profile).ToList();
    public IReadOnlyList<FederatedClient> Clients => _proxies.Select(p => p.Client).ToList();
    /// <summary>The engine and the simulated proxies it drives.</summary>
    public RoundEngine Engine => _engine;

    public SimulationReport Run(Action<RoundRecord>? onRound = null, CancellationToken ct = default)
    {
        var rounds = new List<RoundRecord>();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        void OnRound(RoundOutcome outcome)
        {
            var record = Record(outcome);
            rounds.Add(record);
            onRound?.Invoke(record);
            if (LocalWork.BudgetSpent(_options, Strategy, rounds)) budget.Cancel();
        }
        _engine.RoundCompleted += OnRound;
        try
        {
            // Simulated proxies answer at once, so the engine never waits: the run is over when RunAsync returns.
            var run = _engine.RunAsync(budget.Token);
            if (!run.IsCompleted) throw new InvalidOperationException("a simulated federation waited on its clients");
            run.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // The budget ran out: the rounds so far are the run.
        }
        finally
        {
            _engine.RoundCompleted -= OnRound;
        }
        var settings = _options.Settings;
        return new SimulationReport(Strategy.Name, _options.Codec, _options.Clients, rounds, rounds[^1].TestAcc, rounds.Sum(r => r.UplinkBytes))
        {
            Model = _options.Model, Alpha = _options.Alpha, LocalSteps = settings.Fit.LocalSteps, LocalEpochs = settings.Fit.LocalEpochs,
            Stragglers = _options.StragglerText, RejectedUpdates = _engine.RejectedUpdates,
            SecureAggregation = _engine.Options.SecureAggregation is { } sa ? Describe(sa, _options.Clients) : null,
            Privacy = Strategy is DpFedAvgStrategy dp && _options.Dp is { } o
                ? new FederatedPrivacy(dp.Spent.Epsilon, o.Delta, o.Noise, o.Clip, dp.SampleRate, dp.Rounds) : null,
        };
    }

    /// <summary>The share as the device trains on it: perturbed on the device when <paramref name="noise"/> is set.</summary>
    private static ImageDataset Device(ImageDataset share, DataNoiseOptions? noise, int client) =>
        noise is null ? share : DataObfuscation.Perturb(share, noise, client);

    private static DpFedAvgStrategy DpStrategy(SimulationOptions options, float[] initial, DpFedAvgOptions dp)
    {
        if (options.Strategy.ToLowerInvariant() != "fedavg")
            throw new UsageException($"--dp runs DP-FedAvg, a form of fedavg; not {options.Strategy}");
        if (options.Settings.Aggregation.Kind != Robust.AggregationKind.Mean)
            throw new UsageException($"--dp adds noise to the sum of clipped updates; --aggregate {options.Settings.Aggregation} is not a sum, use mean");
        if (!(options.Settings.Fraction is > 0 and <= 1)) throw new UsageException("--fraction, the clients' sampling rate under --dp, must lie in (0, 1]");
        return new DpFedAvgStrategy(initial, options.Settings.Fit, options.Settings.Fraction, dp with { Seed = dp.Seed ?? options.Seed });
    }

    private static string Describe(SecAggOptions sa, int clients) =>
        $"threshold {sa.ThresholdFor(clients)} of {sa.DegreeFor(clients)} neighbours, {sa.ValueBits} value bits in a " +
        $"{new FixedPointRing(sa.ValueBits, clients, sa.ClipRange).RingBits}-bit ring, clip ±{sa.ClipRange:G3}";

    /// <summary>Device-to-server bytes (none for peer-to-peer strategies) plus what the strategy moved itself.</summary>
    private RoundRecord Record(RoundOutcome o) => new(o.Round, o.TestAccuracy ?? 0,
        (Strategy.Decentralized ? 0 : o.UpdateBytes) + o.Aggregate.ExtraUplinkBytes, o.ModelBytesSent + o.Aggregate.ExtraDownlinkBytes,
        o.Seconds, o.WallSeconds, o.Contributors.Count) { Note = o.Aggregate.Note, Epsilon = o.Aggregate.Epsilon, Delta = o.Aggregate.Delta,
          CloudUplinkBytes = o.Aggregate.CloudUplinkBytes, CloudDownlinkBytes = o.Aggregate.CloudDownlinkBytes };

    private static ClientProfile[] BuildProfiles(SimulationOptions options)
    {
        var rng = new Rng(options.Seed + 31);
        var profiles = new ClientProfile[options.Clients];
        for (int c = 0; c < options.Clients; c++)
        {
            double speed = options.Device.SamplesPerSecond * Math.Exp(options.SpeedSpread * rng.Normal());
            profiles[c] = options.Device with { SamplesPerSecond = speed, DropProbability = options.Stragglers.DropProbability };
        }
        var order = Enumerable.Range(0, options.Clients).ToArray();
        rng.Shuffle(order);
        int next = 0;
        foreach (var (count, factor) in options.Stragglers.Slow)
            for (int i = 0; i < count && next < order.Length; i++, next++)
                profiles[order[next]] = profiles[order[next]] with { SamplesPerSecond = profiles[order[next]].SamplesPerSecond / factor };
        return profiles;
    }
}
