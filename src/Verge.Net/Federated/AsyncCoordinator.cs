using System.Threading.Channels;
using Verge.Core.Errors;
using Verge.Learning.Federated;
using Verge.Learning.Federated.AsyncSgd;

namespace Verge.Net.Federated;

/// <summary>
/// The gRPC server's side of staleness-aware sparsified asynchronous SGD (<see cref="SparseStalenessModel"/>): a
/// polling client gets the current weights at once (no rounds, no barrier), and its update is applied the moment
/// it arrives, each component damped by its own staleness. Nobody waits for anyone, so a client that dies costs
/// only its own updates; the run ends after <see cref="FederationServerOptions.Rounds"/> × MinClients updates (as
/// many local steps in all as synchronous FedAvg over the same rounds), and every MinClients updates count as a
/// round for evaluation and the log.
/// </summary>
public sealed class AsyncCoordinator
{
    /// <summary>Where a client's open fit started: the version and each parameter's update count at its pull.</summary>
    private sealed record Pull(long Version, int[] Touched);

    private sealed record Checkpoint(int Round, float[] Weights, long UplinkBytes, double MeanStaleness);

    private readonly object _gate = new();
    private readonly SparseStalenessModel _model;
    private readonly UpdateIntake _intake;
    private readonly Func<float[], EvaluateResult>? _evaluate;
    private readonly Action<string> _log;
    private readonly Dictionary<int, Pull> _open = [];
    private readonly Dictionary<int, DateTimeOffset> _lastSeen = [];
    private readonly HashSet<int> _told = [];
    private readonly Channel<Checkpoint> _rounds = Channel.CreateUnbounded<Checkpoint>();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _applied, _uplink, _rejected;
    private double _staleness;
    private bool _started, _done;

    public AsyncCoordinator(FederationServerOptions options, float[] initialWeights, Func<float[], EvaluateResult>? evaluate, Action<string> log)
    {
        (Options, _evaluate, _log) = (options, evaluate, log);
        _model = new SparseStalenessModel(initialWeights, new AsyncSgdOptions(options.Settings.Fit, options.Settings.AsyncMixing, options.Settings.StalenessExponent));
        _intake = new UpdateIntake(initialWeights.Length, options.Settings.Limits);
        TotalUpdates = (long)options.Rounds * options.MinClients;
    }

    public FederationServerOptions Options { get; }
    internal ClientSessions Sessions { get; } = new(10_000);
    public long TotalUpdates { get; }
    public long AppliedUpdates => Interlocked.Read(ref _applied);
    public long RejectedUpdates => Interlocked.Read(ref _rejected);
    /// <summary>The last round's test accuracy (null before the first evaluation, or with evaluation off).</summary>
    public double? LastAccuracy { get; private set; }

    /// <summary>A client's poll: the current weights to train from, null to wait (fewer than MinClients ever joined), or <see cref="Done"/>.</summary>
    public async Task<FitInstruction?> NextAsync(int clientId, TimeSpan wait, CancellationToken ct)
    {
        var until = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                _lastSeen[clientId] = DateTimeOffset.UtcNow;
                if (_done)
                {
                    _told.Add(clientId);
                    return Done;
                }
                _started |= _lastSeen.Count >= Options.MinClients;
                if (_started)
                {
                    var (weights, touched) = _model.Pull();
                    _open[clientId] = new Pull(_model.Version, touched);
                    return new FitInstruction(clientId, (int)(_applied / Options.MinClients) + 1, _model.Version, weights, Options.Settings.Fit);
                }
                changed = _changed.Task;
            }
            Pulse();
            var remaining = until - DateTimeOffset.UtcNow;
            if (remaining <= TimeSpan.Zero) return null;
            await Task.WhenAny(changed, Task.Delay(remaining, ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The instruction <see cref="NextAsync"/> answers once the run is over.</summary>
    public static FitInstruction Done { get; } = new(-1, 0, -1, [], new FitConfig(0, 1, 0));

    /// <summary>Validates and applies an update at once; the one-line reason it was refused otherwise.</summary>
    public string? Submit(UpdateEnvelope envelope)
    {
        var (update, reason) = _intake.Accept(envelope, envelope.Round, envelope.ModelVersion, new HashSet<int> { envelope.ClientId }, allowStale: true);
        Checkpoint? round = null;
        lock (_gate)
        {
            _lastSeen[envelope.ClientId] = DateTimeOffset.UtcNow;
            if (reason is null && _done) reason = "the run is over";
            if (reason is null && (!_open.TryGetValue(envelope.ClientId, out var pull) || pull.Version != envelope.ModelVersion))
                reason = $"client {envelope.ClientId} has no open fit from model version {envelope.ModelVersion}; poll for the current weights";
            if (reason is null)
            {
                _open.Remove(envelope.ClientId, out var pulled);
                _staleness += _model.Apply(update!.Delta, pulled!.Touched);
                _uplink += update.UplinkBytes;
                _applied++;
                if (_applied % Options.MinClients == 0 || _applied == TotalUpdates)
                {
                    round = new Checkpoint((int)((_applied + Options.MinClients - 1) / Options.MinClients), _model.Weights.ToArray(), _uplink,
                        _staleness / Options.MinClients);
                    (_uplink, _staleness) = (0, 0);
                }
                _done = _applied >= TotalUpdates;
            }
        }
        if (round is not null) _rounds.Writer.TryWrite(round);
        if (reason is null)
        {
            Pulse();
            return null;
        }
        Interlocked.Increment(ref _rejected);
        // Updates still in flight when the last one lands are refused quietly: the clients are told DONE next.
        if (!Volatile.Read(ref _done)) _log($"rejected an update: {reason}");
        return reason;
    }

    /// <summary>
    /// Evaluates and logs each round as its updates complete, until the last; stops with the reason when no update
    /// has arrived for <see cref="FederationServerOptions.QuorumWait"/> after the run started (every client gone).
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        int rounds = Options.Rounds;
        for (int done = 0; done < rounds;)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
            quiet.CancelAfter(Options.QuorumWait);
            Checkpoint round;
            try
            {
                round = await _rounds.Reader.ReadAsync(quiet.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                if (!Volatile.Read(ref _started)) continue;
                var reason = $"no update arrived for {Options.QuorumWait.TotalSeconds:G3} s after {AppliedUpdates} of {TotalUpdates}; restart the clients";
                _log($"federation stopped: {reason}");
                lock (_gate) _done = true;
                throw new InputException(reason);
            }
            done = round.Round;
            var accuracy = _evaluate?.Invoke(round.Weights).Accuracy;
            LastAccuracy = accuracy ?? LastAccuracy;
            _log($"round {round.Round}/{rounds} complete: {Options.MinClients} updates applied as they came (mean staleness {round.MeanStaleness:F2})" +
                 (accuracy is { } a ? $", test accuracy {a:P2}" : "") + $", uplink {round.UplinkBytes} B");
        }
        _log($"federation done: {AppliedUpdates} asynchronous updates in {rounds} rounds, {RejectedUpdates} rejected");
    }

    /// <summary>After the last update: waits (at most <paramref name="timeout"/>) until every recently seen client has been told DONE.</summary>
    public async Task WaitForClientsToFinishAsync(TimeSpan timeout, CancellationToken ct)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < until)
        {
            lock (_gate)
            {
                var now = DateTimeOffset.UtcNow;
                if (_lastSeen.Where(kv => now - kv.Value <= TimeSpan.FromSeconds(10)).All(kv => _told.Contains(kv.Key))) return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    private void Pulse()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }
}
