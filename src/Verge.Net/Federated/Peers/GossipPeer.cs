using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Federated;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Models;
using Verge.Net.Federated.Peers.Protos;
using Verge.Net.Hosting;
using Verge.Net.Security;
using GossipPeerClient = Verge.Net.Federated.Peers.Protos.GossipPeer.GossipPeerClient;

namespace Verge.Net.Federated.Peers;

/// <summary>
/// A gossip peer over gRPC (`verge fl peer`): it serves <see cref="GossipPeerService"/> and calls its neighbours'.
/// It introduces itself to its seeds and learns the other peers from them, then for each round trains locally and
/// averages with one live neighbour (push-pull). A neighbour that does not answer within the exchange timeout, or
/// answers with something malformed, is dropped and the peer carries on: a dead peer never stalls the others.
/// </summary>
public static class GossipPeer
{
    public static async Task<GossipPeerResult> RunAsync(GossipPeerOptions o, string host, int port, ServerSecurity security, Action<string> log,
        CancellationToken ct = default)
    {
        var train = (await FashionMnist.LoadTrainAsync(o.DataDirectory, ct)).Take(o.TrainLimit);
        var shares = o.Alpha is { } alpha ? Partitioner.Dirichlet(train.Labels, o.Peers, alpha, o.Seed) : Partitioner.Iid(train.Count, o.Peers, o.Seed);
        var model = TrainableZoo.Create(o.Model, o.Seed);
        var client = new FederatedClient(o.PeerId, model, train.Subset(shares[o.PeerId]), new Fp32Codec(), o.Fit.BatchSize, o.Seed);
        var state = new GossipPeerState(o.PeerId, ModelVector.Get(model));
        var (app, url) = await GrpcHost.StartAsync(host, port,
            services => services.AddSingleton(state).AddSingleton(o),
            app => app.MapGrpcService<GossipPeerService>(), ct, security);
        var channels = new Dictionary<string, GrpcChannel>();
        try
        {
            log($"peer {o.PeerId} listening on {url}; {client.Data.Count} local samples");
            GossipPeerClient Call(string target) => new(channels.TryGetValue(target, out var c) ? c : channels[target] = GrpcChannel.ForAddress(target,
                new GrpcChannelOptions
                {
                    HttpHandler = o.Outbound.CreateTransport(), DisposeHttpClient = true,
                    MaxReceiveMessageSize = security.MaxMessageBytes, MaxSendMessageSize = security.MaxMessageBytes,
                }));
            var me = new PeerAddress { PeerId = o.PeerId, Url = url };
            await DiscoverAsync(o, state, me, Call, log, ct);

            var random = new Random(unchecked(o.Seed * 7919 + o.PeerId));
            int exchanges = 0;
            long sent = 0;
            for (int round = 1; round <= o.Rounds; round++)
            {
                var start = state.Snapshot();
                float[] delta = [];
                _ = client.Fit(new FitInstruction(o.PeerId, round, round, start, o.Fit), ct, d => { delta = d; return []; });
                state.Add(delta);
                if (state.Neighbour(o.Neighbours, round, random) is not { } neighbour)
                {
                    log($"peer {o.PeerId}: round {round}/{o.Rounds}: no live neighbour, training alone");
                    continue;
                }
                var target = state.Members().First(m => m.Key == neighbour).Value;
                var payload = new Fp32Codec().Encode(state.Snapshot());
                try
                {
                    var reply = await Call(target).ExchangeAsync(new ExchangeRequest { PeerId = o.PeerId, Round = round, Weights = ByteString.CopyFrom(payload) },
                        deadline: DateTime.UtcNow + o.ExchangeTimeout, cancellationToken: ct);
                    var theirs = GossipPeerService.Weights(reply.Weights.Span, state.Length)
                                 ?? throw new FormatException($"peer {neighbour} answered with weights that are not {state.Length} finite fp32 values");
                    state.Average(theirs);
                    exchanges++;
                    sent += payload.Length;
                    log($"peer {o.PeerId}: round {round}/{o.Rounds}: averaged with peer {neighbour}" + (reply.Finished ? " (finished)" : ""));
                }
                catch (Exception e) when (e is RpcException or FormatException && !ct.IsCancellationRequested)
                {
                    state.Drop(neighbour);
                    log($"peer {o.PeerId}: round {round}/{o.Rounds}: peer {neighbour} failed the exchange ({Reason(e)}); dropped it, " +
                        $"continuing with [{string.Join(',', state.Members().Select(m => m.Key))}]");
                }
            }
            state.Finish();
            var weights = state.Snapshot();
            double? accuracy = null;
            if (o.TestLimit >= 0)
            {
                var test = (await FashionMnist.LoadTestAsync(o.DataDirectory, ct)).Take(o.TestLimit);
                accuracy = FederatedClient.Evaluate(model, weights, test).Accuracy;
            }
            var result = new GossipPeerResult(o.PeerId, o.Rounds, exchanges, sent, state.Dropped(), accuracy);
            log($"peer {o.PeerId}: done, {o.Rounds} rounds, {exchanges} exchanges, dropped [{string.Join(',', result.Dropped)}]" +
                (accuracy is { } a ? $", test accuracy {a:P2}" : ""));
            // Slower peers may still exchange with this one: it answers with its final weights for a while.
            await Task.Delay(o.Linger, ct);
            return result;
        }
        finally
        {
            foreach (var channel in channels.Values) channel.Dispose();
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// Says hello to the seeds (retrying while they start, up to <see cref="GossipPeerOptions.Patience"/>), then to every
    /// peer learnt of, until all <see cref="GossipPeerOptions.Peers"/> are known or patience runs out: the run starts with whoever is known.
    /// </summary>
    private static async Task DiscoverAsync(GossipPeerOptions o, GossipPeerState state, PeerAddress me, Func<string, GossipPeerClient> call,
        Action<string> log, CancellationToken ct)
    {
        var giveUp = DateTimeOffset.UtcNow + o.Patience;
        var targets = new HashSet<string>(o.Seeds);
        while (true)
        {
            foreach (var target in targets.Concat(state.Members().Select(m => m.Value)).Distinct().ToList())
            {
                try
                {
                    var reply = await call(target).HelloAsync(new HelloRequest { From = me, Model = o.Model },
                        deadline: DateTime.UtcNow + o.ExchangeTimeout, cancellationToken: ct);
                    targets.Remove(target);
                    state.Learn(reply.PeerId, target);
                    foreach (var p in reply.Peers) state.Learn(p.PeerId, p.Url);
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.InvalidArgument
                                                 or StatusCode.Unauthenticated or StatusCode.PermissionDenied)
                {
                    throw new InputException($"peer {target} refused peer {o.PeerId}: {e.Status.Detail}");
                }
                catch (RpcException) when (!ct.IsCancellationRequested)
                {
                    // Not up yet (or gone): try again below, until patience runs out.
                }
            }
            int known = state.Members().Count;
            if (known >= o.Peers - 1) break;
            if (DateTimeOffset.UtcNow >= giveUp)
            {
                log($"peer {o.PeerId}: {known} of {o.Peers - 1} other peers found in {o.Patience.TotalSeconds:G3} s; starting with them");
                break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
        }
        log($"peer {o.PeerId}: peers [{string.Join(',', state.Members().Select(m => m.Key))}] known, {o.Neighbours.ToString().ToLowerInvariant()} neighbours");
    }

    private static string Reason(Exception e) => e is RpcException r ? $"{r.StatusCode}: {r.Status.Detail}" : e.Message;
}
