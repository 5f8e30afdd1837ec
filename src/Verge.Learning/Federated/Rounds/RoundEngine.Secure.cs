using System.Diagnostics;
using System.Numerics.Tensors;
using Verge.Learning.Federated.SecureAggregation;

namespace Verge.Learning.Federated.Rounds;

/// <summary>
/// A synchronous round under secure aggregation: the <see cref="SecAggServer"/>'s stages run over the proxies
/// (advertise and share keys, then the fits carry the masked-input requests, then unmask), each stage waiting for
/// its clients until the round deadline; a client that misses a stage has dropped. The strategy gets one update,
/// the survivors' unweighted mean: the server never holds anything else. Traffic counts every stage's bytes.
/// </summary>
public sealed partial class RoundEngine
{
    private sealed class StageTraffic
    {
        public long Up, Down;
        public double Seconds;
    }

    private async Task<RoundOutcome> RunSecureRoundAsync(int round, FitPlan plan, SecAggOptions options, Stopwatch watch, CancellationToken ct)
    {
        var asked = plan.Instructions.Select(i => i.ClientId).ToList();
        var traffic = new StageTraffic();
        IReadOnlyList<int> contributors = [];
        RoundAggregate aggregate;
        try
        {
            // Sampling (DP-FedAvg's Poisson sampling above all) can ask fewer clients than the protocol needs to hide anyone.
            if (asked.Count < 3)
                throw new SecureAggregationAbortedException($"secure aggregation skipped round {round}: {asked.Count} clients were sampled, it needs at least 3");
            var server = new SecAggServer(options, round, asked, _intake.ModelLength, _options.Seed);
            var keys = await ExchangeAsync(round, server.AdvertiseRequests(), traffic, ct);
            var shares = await ExchangeAsync(round, server.ReceiveKeys(keys), traffic, ct);
            var (masked, samples) = await FitMaskedAsync(round, plan, server.ReceiveShares(shares), traffic, ct);
            var revealed = await ExchangeAsync(round, server.ReceiveMasked(masked), traffic, ct);
            var mean = server.ReceiveRevealed(revealed);
            contributors = server.Survivors;
            TensorPrimitives.Multiply(mean, 1f / contributors.Count, mean);
            if (server.Recovered.Count > 0)
                _log?.Invoke($"round {round}: secure aggregation recovered the masks of clients {string.Join(',', server.Recovered)}, which dropped after sharing keys");
            aggregate = _strategy.AggregateFit(round, [new ClientUpdate(-1, round, _strategy.ModelVersion, mean, samples, 0, 0, traffic.Up) { Contributors = contributors.Count }]);
        }
        catch (SecureAggregationAbortedException e)
        {
            _log?.Invoke(e.Message);
            (contributors, aggregate) = ([], new RoundAggregate(0, Note: e.Message));
        }
        return new RoundOutcome(round, asked, contributors, Evaluate(round), traffic.Up, traffic.Down, aggregate, traffic.Seconds,
            watch.Elapsed.TotalSeconds, _strategy.ModelVersion);
    }

    /// <summary>One stage of requests and replies (stages 0, 1 and 3).</summary>
    private async Task<Dictionary<int, byte[]>> ExchangeAsync(int round, Dictionary<int, byte[]> requests, StageTraffic traffic, CancellationToken ct)
    {
        using var stageOpen = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var calls = requests.ToDictionary(kv => kv.Key, kv => _clients[kv.Key].ExchangeAsync(round, kv.Value, stageOpen.Token));
        traffic.Down += requests.Values.Sum(b => (long)b.Length);
        var replies = await AwaitStageAsync(calls, ct);
        stageOpen.Cancel();
        var answered = replies.Where(kv => kv.Value.Message is not null).ToDictionary(kv => kv.Key, kv => kv.Value.Message!);
        traffic.Up += answered.Values.Sum(b => (long)b.Length);
        traffic.Seconds += StageSeconds(requests.Count, answered.Count, replies.Values.Select(r => r.Seconds));
        return answered;
    }

    /// <summary>Stage 2: the fits, each with its masked-input request; an accepted envelope's payload is the masked vector.</summary>
    private async Task<(Dictionary<int, byte[]> Masked, int Samples)> FitMaskedAsync(int round, FitPlan plan, Dictionary<int, byte[]> requests,
        StageTraffic traffic, CancellationToken ct)
    {
        var expected = requests.Keys.ToHashSet();
        lock (_gate) (_round, _expected) = (round, expected);
        using var roundOpen = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var fits = new Dictionary<int, Task<FitReply>>();
        foreach (var instruction in plan.Instructions.Where(i => expected.Contains(i.ClientId)))
        {
            traffic.Down += _options.ModelBytes + requests[instruction.ClientId].Length;
            fits[instruction.ClientId] = _clients[instruction.ClientId].FitAsync(instruction with { SecureAggregation = requests[instruction.ClientId] }, roundOpen.Token);
        }
        var replies = await AwaitStageAsync(fits, ct);
        roundOpen.Cancel();
        lock (_gate) _expected = new HashSet<int>();
        var masked = new Dictionary<int, byte[]>();
        int samples = 0;
        foreach (var (client, reply) in replies)
        {
            if (reply.Envelope is not { } envelope) continue;
            string? reason;
            lock (_gate) reason = envelope.ClientId != client ? $"client {client} answered as client {envelope.ClientId}"
                : _intake.CheckHeader(envelope, round, _strategy.ModelVersion, expected);
            if (reason is not null)
            {
                RejectedUpdates++;
                _log?.Invoke($"rejected an update: {reason}");
                continue;
            }
            masked[client] = envelope.Payload;
            samples += envelope.Samples;
            traffic.Up += envelope.Payload.Length;
        }
        traffic.Seconds += StageSeconds(fits.Count, masked.Count, replies.Values.Select(r => r.Seconds));
        return (masked, samples);
    }

    /// <summary>A stage lasts until its last reply, or its whole deadline when a client never answered.</summary>
    private double StageSeconds(int asked, int answered, IEnumerable<double> seconds) =>
        answered < asked ? _options.RoundTimeout.TotalSeconds : seconds.DefaultIfEmpty(0).Max();

    /// <summary>Waits until every call completed or the round deadline passed; returns the ones that completed successfully.</summary>
    private async Task<Dictionary<int, T>> AwaitStageAsync<T>(Dictionary<int, Task<T>> calls, CancellationToken ct)
    {
        using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var deadline = Task.Delay(_options.RoundTimeout, _clock, stopTimer.Token);
        var pending = calls.Values.ToList();
        while (pending.Count > 0)
        {
            if (!pending.Exists(t => t.IsCompleted) && await Task.WhenAny(pending.Append(deadline)) == deadline) break;
            pending.RemoveAll(t => t.IsCompleted);
        }
        stopTimer.Cancel();
        ct.ThrowIfCancellationRequested();
        var done = new Dictionary<int, T>();
        foreach (var (client, call) in calls)
            if (call.IsCompletedSuccessfully) done[client] = await call;
        return done;
    }
}
