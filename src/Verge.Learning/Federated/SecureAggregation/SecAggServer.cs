using System.Security.Cryptography;
using static Verge.Learning.Federated.SecureAggregation.SecAggMessage;

namespace Verge.Learning.Federated.SecureAggregation;

/// <summary>
/// The server's side of one secure-aggregation round (Bonawitz et al., CCS 2017; SecAgg+ graphs, Bell et al., CCS
/// 2020), as an explicit list of stages on plain bytes: each <c>Receive…</c> takes the replies that arrived (a
/// missing or malformed one means that client dropped) and returns the next stage's requests. The sets shrink
/// U1 ⊇ U2 ⊇ U3 (advertised keys, shared keys, sent a masked vector); every step needs at least t clients, and the
/// last one rebuilds survivors' self masks and dropped clients' pairwise masks from t shares each. The server never
/// sees an unmasked update: only <see cref="RingSum"/>, the sum over U3.
/// </summary>
public sealed class SecAggServer
{
    private const string MaskPurpose = "verge-secagg mask";
    private readonly int _round, _modelLength, _seed, _degree;
    private readonly Advertise _advertise;
    private readonly Dictionary<int, Keys> _keys = [];
    private Dictionary<int, int[]> _graph = [];
    private readonly Dictionary<int, List<SealedShare>> _inbox = [];
    private readonly HashSet<int> _shared = [];
    private readonly List<int> _survivors = [];
    private uint[]? _sum;

    public SecAggServer(SecAggOptions options, int round, IReadOnlyList<int> asked, int modelLength, int seed)
    {
        options.Validate(asked.Count);
        (_round, _modelLength, _seed) = (round, modelLength, seed);
        Asked = asked;
        Threshold = options.ThresholdFor(asked.Count);
        _degree = options.DegreeFor(asked.Count);
        Ring = new FixedPointRing(options.ValueBits, asked.Count, options.ClipRange);
        _advertise = new Advertise(round, Threshold, options.ValueBits, asked.Count, options.ClipRange);
    }

    public IReadOnlyList<int> Asked { get; }
    public int Threshold { get; }
    public FixedPointRing Ring { get; }
    /// <summary>Clients that delivered a masked vector (U3), ascending.</summary>
    public IReadOnlyList<int> Survivors => _survivors;
    /// <summary>Clients that shared keys but sent no masked vector (U2 \ U3): their pairwise masks were rebuilt.</summary>
    public IReadOnlyList<int> Recovered => _shared.Except(_survivors).Order().ToList();
    /// <summary>The unmasked sum of the survivors' quantised updates, in the ring (after <see cref="ReceiveRevealed"/>).</summary>
    public uint[] RingSum => _sum ?? throw new InvalidOperationException("the round is not unmasked yet");

    public Dictionary<int, byte[]> AdvertiseRequests()
    {
        var bytes = SecAggWire.Encode(_advertise);
        return Asked.ToDictionary(c => c, _ => bytes);
    }

    /// <summary>Stage 0 → 1: the clients with valid keys (U1), the neighbour graph over them, each one's neighbours' keys.</summary>
    public Dictionary<int, byte[]> ReceiveKeys(IReadOnlyDictionary<int, byte[]> replies)
    {
        foreach (int c in Asked)
            if (replies.TryGetValue(c, out var bytes) && TryDecode<Keys>(bytes) is { } k && ValidKey(k.CipherKey) && ValidKey(k.MaskKey))
                _keys[c] = k;
        Require(_keys.Count, "advertised keys");
        var u1 = _keys.Keys.Order().ToList();
        // The graph's degree was fixed for the asked clients; over fewer it is capped by the complete graph.
        _graph = NeighbourGraph.Build(u1, Math.Min(_degree, u1.Count - 1), unchecked(_seed * 31 + _round));
        return u1.ToDictionary(c => c, c => SecAggWire.Encode(new ShareKeys(_round,
            _graph[c].Select(v => new PeerKeys(v, _keys[v].CipherKey, _keys[v].MaskKey)).ToList())));
    }

    /// <summary>Stage 1 → 2: the clients whose shares address exactly their neighbours (U2), and the shares each one receives.</summary>
    public Dictionary<int, byte[]> ReceiveShares(IReadOnlyDictionary<int, byte[]> replies)
    {
        foreach (int u in _graph.Keys)
        {
            if (!replies.TryGetValue(u, out var bytes) || TryDecode<Shares>(bytes) is not { } s) continue;
            if (!s.Sealed.Select(x => x.Peer).Order().SequenceEqual(_graph[u])) continue;
            _shared.Add(u);
            foreach (var x in s.Sealed)
            {
                if (!_inbox.TryGetValue(x.Peer, out var list)) _inbox[x.Peer] = list = [];
                list.Add(new SealedShare(u, x.Ciphertext));
            }
        }
        Require(_shared.Count, "shared their keys");
        return _shared.Order().ToDictionary(u => u, u => SecAggWire.Encode(new MaskInput(_round,
            (_inbox.GetValueOrDefault(u) ?? []).Where(x => _shared.Contains(x.Peer)).ToList())));
    }

    /// <summary>Stage 2 → 3: adds up the masked vectors of U3 and asks the survivors for the shares that remove the masks.</summary>
    public Dictionary<int, byte[]> ReceiveMasked(IReadOnlyDictionary<int, byte[]> replies)
    {
        _sum = new uint[_modelLength];
        foreach (int u in _shared.Order())
        {
            if (!replies.TryGetValue(u, out var bytes) || TryDecode<Masked>(bytes) is not { } m) continue;
            uint[] vector;
            try
            {
                vector = Ring.Unpack(m.Vector, _modelLength);
            }
            catch (FormatException)
            {
                continue;
            }
            for (int i = 0; i < vector.Length; i++) _sum[i] += vector[i];
            _survivors.Add(u);
        }
        Require(_survivors.Count, "sent a masked update");
        var request = SecAggWire.Encode(new Unmask(_round, _survivors, Recovered));
        return _survivors.ToDictionary(u => u, _ => request);
    }

    /// <summary>Stage 3: removes every mask from the sum with t shares each; returns the survivors' summed updates.</summary>
    public float[] ReceiveRevealed(IReadOnlyDictionary<int, byte[]> replies)
    {
        var sum = _sum ?? throw new InvalidOperationException("no masked vectors yet");
        var seedShares = new Dictionary<int, List<(int, ulong[])>>();
        var keyShares = new Dictionary<int, List<(int, ulong[])>>();
        var survivors = _survivors.ToHashSet();
        foreach (int v in _survivors)
        {
            if (!replies.TryGetValue(v, out var bytes) || TryDecode<Revealed>(bytes) is not { } r) continue;
            foreach (var s in r.Items)
            {
                // Only shares a neighbour holds, of the kind the client's fate allows.
                if (!_graph.TryGetValue(s.Owner, out var nv) || Array.BinarySearch(nv, v) < 0 || s.SelfMask != survivors.Contains(s.Owner)) continue;
                var into = s.SelfMask ? seedShares : keyShares;
                if (!into.TryGetValue(s.Owner, out var list)) into[s.Owner] = list = [];
                list.Add((v + 1, s.Share));
            }
        }
        foreach (int u in _survivors)
            MaskStream.Apply(sum, Rebuild(seedShares, u, "self-mask seed"), -1);
        foreach (int u in Recovered)
        {
            using var key = AgreementKey.FromPrivate(Rebuild(keyShares, u, "mask key"), _keys[u].MaskKey);
            // u dropped: each surviving neighbour v added +PRG(s_uv) if v < u, −PRG(s_uv) otherwise; take it out.
            foreach (int v in _graph[u].Where(survivors.Contains))
                MaskStream.Apply(sum, key.Agree(_keys[v].MaskKey, MaskPurpose), v < u ? -1 : +1);
        }
        return Ring.Dequantize(sum);
    }

    private byte[] Rebuild(Dictionary<int, List<(int, ulong[])>> shares, int owner, string what)
    {
        var list = shares.GetValueOrDefault(owner) ?? [];
        if (list.Count < Threshold)
            throw new SecureAggregationAbortedException($"secure aggregation aborted in round {_round}: {list.Count} shares of client {owner}'s {what} " +
                                                        $"came back, the threshold is {Threshold}; too many clients dropped");
        try
        {
            return Shamir.Combine(list, Threshold, 32);
        }
        catch (ArgumentException e)
        {
            throw new SecureAggregationAbortedException($"secure aggregation aborted in round {_round}: client {owner}'s {what} shares are inconsistent ({e.Message})");
        }
    }

    private void Require(int count, string what)
    {
        if (count < Threshold)
            throw new SecureAggregationAbortedException($"secure aggregation aborted in round {_round}: only {count} of {Asked.Count} clients {what}, " +
                                                        $"fewer than the threshold {Threshold}; too many clients dropped");
    }

    private static T? TryDecode<T>(byte[] bytes) where T : SecAggMessage
    {
        try
        {
            return SecAggWire.Decode<T>(bytes);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool ValidKey(byte[] publicKey)
    {
        if (publicKey.Length != AgreementKey.PublicKeyBytes) return false;
        try
        {
            using var probe = AgreementKey.Create();
            probe.Agree(publicKey, "verge-secagg check");
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
