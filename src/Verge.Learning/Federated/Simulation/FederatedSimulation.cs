using System.Diagnostics;
using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Models;

namespace Verge.Learning.Federated.Simulation;

/// <summary>
/// Runs a strategy with many clients in one process on a simulated clock: every client really trains on its
/// own partition (one shared model object, weights swapped in per fit), while time is simulated from each
/// device's compute speed and link. Synchronous strategies wait for their quorum (later results are stragglers
/// and are dropped); asynchronous ones apply each update when it arrives.
/// </summary>
public sealed class FederatedSimulation
{
    private readonly SimulationOptions _options;
    private readonly ImageDataset _test;
    private readonly TrainableModel _model;
    private readonly FederatedClient[] _clients;
    private readonly ClientProfile[] _profiles;
    private readonly IFederatedStrategy _strategy;
    private readonly UpdateIntake _intake;
    private readonly Rng _dropRng;
    private readonly long _modelBytes;
    private int _rejected;

    public FederatedSimulation(SimulationOptions options, ImageDataset train, ImageDataset test)
    {
        if (options.Clients < 1) throw new UsageException("--clients must be at least 1");
        if (options.Rounds < 1) throw new UsageException("--rounds must be at least 1");
        if (options.BackupWorkers >= options.Clients) throw new UsageException($"--backup {options.BackupWorkers} must be below --clients {options.Clients}");
        _options = options;
        train = train.Take(options.TrainLimit);
        _test = test.Take(options.TestLimit);
        _model = TrainableZoo.Create(options.Model, options.Seed);
        var codec = CodecSpec.Parse(options.Codec);
        var shares = options.Alpha is { } alpha
            ? Partitioner.Dirichlet(train.Labels, options.Clients, alpha, options.Seed)
            : Partitioner.Iid(train.Count, options.Clients, options.Seed);
        _clients = shares.Select((share, c) => new FederatedClient(c, _model, train.Subset(share), codec(options.Seed * 10_007 + c),
            options.BatchSize, options.Seed)).ToArray();
        _profiles = BuildProfiles(options);
        var initial = ModelVector.Get(_model);
        var fit = new FitConfig(options.LocalSteps, options.BatchSize, options.LearningRate, options.Momentum) { LocalEpochs = options.LocalEpochs };
        var settings = new StrategySettings(initial, fit, options.Seed)
        {
            Fraction = options.Fraction, BackupWorkers = options.BackupWorkers, Edges = options.Edges,
            SignificanceThreshold = options.SignificanceThreshold, ElasticAlpha = options.ElasticAlpha, GossipProbability = options.GossipProbability,
        };
        _strategy = StrategyCatalog.Create(options.Strategy, settings, options.Clients);
        _intake = new UpdateIntake(initial.Length);
        _dropRng = new Rng(options.Seed + 17);
        _modelBytes = Fp32Codec.EncodedSize(initial.Length);
    }

    public IFederatedStrategy Strategy => _strategy;
    public IReadOnlyList<ClientProfile> Profiles => _profiles;
    public IReadOnlyList<FederatedClient> Clients => _clients;

    public SimulationReport Run(Action<RoundRecord>? onRound = null, CancellationToken ct = default)
    {
        var rounds = _strategy.Asynchronous ? RunAsynchronous(onRound, ct) : RunSynchronous(onRound, ct);
        return new SimulationReport(_strategy.Name, _options.Codec, _options.Clients, rounds, rounds[^1].TestAcc, rounds.Sum(r => r.UplinkBytes))
        {
            Model = _options.Model, Alpha = _options.Alpha, LocalSteps = _options.LocalSteps, LocalEpochs = _options.LocalEpochs,
            Stragglers = _options.StragglerText, RejectedUpdates = _rejected,
        };
    }

    private List<RoundRecord> RunSynchronous(Action<RoundRecord>? onRound, CancellationToken ct)
    {
        var all = Enumerable.Range(0, _clients.Length).ToArray();
        var records = new List<RoundRecord>();
        for (int round = 1; round <= _options.Rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            var plan = _strategy.ConfigureFit(round, all);
            var expected = plan.Instructions.Select(i => i.ClientId).ToHashSet();
            long down = 0;
            var arrivals = new List<(double Time, UpdateEnvelope Envelope)>();
            foreach (var instruction in plan.Instructions)
            {
                ct.ThrowIfCancellationRequested();
                var profile = _profiles[instruction.ClientId];
                if (!_strategy.Decentralized) down += _modelBytes;
                if (_dropRng.NextDouble() < profile.DropProbability) continue;
                var envelope = _clients[instruction.ClientId].Fit(instruction, ct);
                int samples = envelope.Steps * instruction.Config.BatchSize;
                double time = _strategy.Decentralized
                    ? profile.ComputeSeconds(samples) + profile.RttSeconds + 2.0 * _modelBytes / profile.UplinkBytesPerSecond
                    : profile.FitSeconds(_modelBytes, samples, envelope.Payload.Length);
                arrivals.Add((time, envelope));
            }
            arrivals.Sort((a, b) => a.Time.CompareTo(b.Time));
            var accepted = new List<ClientUpdate>();
            double roundSeconds = 0;
            foreach (var (time, envelope) in arrivals)
            {
                if (accepted.Count >= plan.Quorum) break;
                var (update, _) = _intake.Accept(envelope, round, _strategy.ModelVersion, expected);
                if (update is null) { _rejected++; continue; }
                accepted.Add(update);
                roundSeconds = time;
            }
            // Lost clients leave the round short of its quorum: the server waits until its deadline.
            if (accepted.Count < plan.Quorum) roundSeconds = Math.Max(roundSeconds, _options.DeadlineSeconds);
            var aggregate = _strategy.AggregateFit(round, accepted);
            long up = (_strategy.Decentralized ? 0 : accepted.Sum(u => u.UplinkBytes)) + aggregate.ExtraUplinkBytes;
            var record = new RoundRecord(round, Evaluate(round), up, down + aggregate.ExtraDownlinkBytes, roundSeconds,
                watch.Elapsed.TotalSeconds, accepted.Count);
            records.Add(record);
            onRound?.Invoke(record);
        }
        return records;
    }

    /// <summary>
    /// Event-driven: each client downloads the current model, trains, uploads; the server applies every update on
    /// arrival and the client starts again. A reported "round" is one update per client on average.
    /// </summary>
    private List<RoundRecord> RunAsynchronous(Action<RoundRecord>? onRound, CancellationToken ct)
    {
        var queue = new PriorityQueue<(int Client, UpdateEnvelope Envelope), double>();
        var everyone = Enumerable.Range(0, _clients.Length).ToHashSet();
        long down = 0, up = 0;
        int round = 1, applied = 0, participants = 0;
        double roundStart = 0;
        var watch = Stopwatch.StartNew();
        void Issue(int client, double now)
        {
            var instruction = _strategy.ConfigureFit(round, [client]).Instructions[0];
            down += _modelBytes;
            var envelope = _clients[client].Fit(instruction, ct);
            var profile = _profiles[client];
            double finish = now + profile.FitSeconds(_modelBytes, envelope.Steps * instruction.Config.BatchSize, envelope.Payload.Length);
            if (_dropRng.NextDouble() < profile.DropProbability) finish += _options.DeadlineSeconds; // comes back late, stale
            queue.Enqueue((client, envelope), finish);
        }
        foreach (var c in everyone) Issue(c, 0);
        var records = new List<RoundRecord>();
        while (records.Count < _options.Rounds)
        {
            ct.ThrowIfCancellationRequested();
            queue.TryDequeue(out var item, out double now);
            var (update, _) = _intake.Accept(item.Envelope, round, _strategy.ModelVersion, everyone, allowStale: true);
            if (update is null) _rejected++;
            else
            {
                _strategy.AggregateFit(round, [update]);
                up += update.UplinkBytes;
                participants++;
            }
            if (++applied % _clients.Length == 0)
            {
                var record = new RoundRecord(round, Evaluate(round), up, down, now - roundStart, watch.Elapsed.TotalSeconds, participants);
                records.Add(record);
                onRound?.Invoke(record);
                (up, down, participants, roundStart) = (0, 0, 0, now);
                round++;
                watch.Restart();
            }
            if (records.Count < _options.Rounds) Issue(item.Client, now);
        }
        return records;
    }

    private double Evaluate(int round)
    {
        var result = FederatedClient.Evaluate(_model, _strategy.ConfigureEvaluate(round), _test);
        return _strategy.AggregateEvaluate(round, [result]);
    }

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
