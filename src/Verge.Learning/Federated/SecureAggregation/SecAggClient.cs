using System.Buffers.Binary;
using System.Security.Cryptography;
using static Verge.Learning.Federated.SecureAggregation.SecAggMessage;

namespace Verge.Learning.Federated.SecureAggregation;

/// <summary>
/// A client's side of secure aggregation (Bonawitz et al., CCS 2017, Fig. 4), one round at a time, enforcing the
/// stage order (advertise keys → share keys → masked input → unmask) and checking what the server asks: it masks
/// with exactly the neighbours that sent it shares, reveals shares only once, and never both secrets of one client.
/// </summary>
public sealed class SecAggClient(int id, Random rounding) : IDisposable
{
    private const string SharePurpose = "verge-secagg share", MaskPurpose = "verge-secagg mask";
    private const int SeedBytes = 32;
    private enum Stage { Idle, Advertised, Shared, Masked }

    private Stage _stage;
    private Advertise? _round;
    private AgreementKey? _cipherKey, _maskKey;
    private byte[]? _selfSeed;
    private Dictionary<int, PeerKeys> _neighbours = [];
    private Dictionary<int, (ulong[] MaskKey, ulong[] Seed)> _held = [];

    public int Id { get; } = id;

    /// <summary>Answers a stage 0, 1 or 3 request (stage 2 is <see cref="Mask"/>, with the update).</summary>
    public byte[] Handle(byte[] request) => SecAggWire.Encode(SecAggWire.Decode(request) switch
    {
        Advertise a => Advertise(a),
        ShareKeys s => ShareKeys(s),
        Unmask u => Unmask(u),
        var m => throw Abort($"the server sent a {m.GetType().Name} message out of turn"),
    });

    private Keys Advertise(Advertise a)
    {
        Reset();
        _round = a;
        _cipherKey = AgreementKey.Create();
        _maskKey = AgreementKey.Create();
        _stage = Stage.Advertised;
        return new Keys(_cipherKey.PublicKey, _maskKey.PublicKey);
    }

    private Shares ShareKeys(ShareKeys s)
    {
        var round = Expect(Stage.Advertised, s.Round);
        if (s.Neighbours.Any(p => p.Id == Id || p.Id < 0) || s.Neighbours.Select(p => p.Id).Distinct().Count() != s.Neighbours.Count)
            throw Abort("the server's neighbour list repeats a client or names this one");
        if (s.Neighbours.Count < round.Threshold)
            throw Abort($"only {s.Neighbours.Count} neighbours shared keys, fewer than the threshold {round.Threshold}");
        _neighbours = s.Neighbours.ToDictionary(p => p.Id);
        _selfSeed = RandomNumberGenerator.GetBytes(SeedBytes);
        var points = s.Neighbours.Select(p => p.Id + 1).ToList();
        var keyShares = Shamir.Split(_maskKey!.PrivateScalar(), round.Threshold, points);
        var seedShares = Shamir.Split(_selfSeed, round.Threshold, points);
        var sealedShares = new List<SealedShare>(s.Neighbours.Count);
        foreach (var peer in s.Neighbours)
        {
            var plain = new byte[12 + 16 * Shamir.Chunks(SeedBytes)];
            BinaryPrimitives.WriteInt32LittleEndian(plain, Id);
            BinaryPrimitives.WriteInt32LittleEndian(plain.AsSpan(4), peer.Id);
            BinaryPrimitives.WriteInt32LittleEndian(plain.AsSpan(8), round.Round);
            int at = 12;
            foreach (var y in keyShares[peer.Id + 1].Concat(seedShares[peer.Id + 1]))
            {
                BinaryPrimitives.WriteUInt64LittleEndian(plain.AsSpan(at), y);
                at += 8;
            }
            sealedShares.Add(new SealedShare(peer.Id, Seal(Agree(_cipherKey!, peer.CipherKey, SharePurpose), plain)));
        }
        _stage = Stage.Shared;
        return new Shares(sealedShares);
    }

    /// <summary>Stage 2: the update clipped, quantised, self-masked and pairwise-masked with every neighbour that shared keys.</summary>
    public byte[] Mask(byte[] request, ReadOnlySpan<float> update)
    {
        if (SecAggWire.Decode(request) is not MaskInput m) throw Abort("the server sent no masked-input request with the fit");
        var round = Expect(Stage.Shared, m.Round);
        int chunks = Shamir.Chunks(SeedBytes);
        _held = [];
        foreach (var share in m.Received)
        {
            if (!_neighbours.TryGetValue(share.Peer, out var peer) || _held.ContainsKey(share.Peer))
                throw Abort($"the server forwarded a share from client {share.Peer}, which is not a neighbour or sent twice");
            var plain = Open(Agree(_cipherKey!, peer.CipherKey, SharePurpose), share.Ciphertext)
                        ?? throw Abort($"the share from client {share.Peer} does not decrypt");
            if (plain.Length != 12 + 16 * chunks || BinaryPrimitives.ReadInt32LittleEndian(plain) != share.Peer ||
                BinaryPrimitives.ReadInt32LittleEndian(plain.AsSpan(4)) != Id || BinaryPrimitives.ReadInt32LittleEndian(plain.AsSpan(8)) != round.Round)
                throw Abort($"the share from client {share.Peer} is addressed to another client or round");
            var ys = new ulong[2 * chunks];
            for (int i = 0; i < ys.Length; i++) ys[i] = BinaryPrimitives.ReadUInt64LittleEndian(plain.AsSpan(12 + 8 * i));
            _held[share.Peer] = (ys[..chunks], ys[chunks..]);
        }
        var ring = new FixedPointRing(round.ValueBits, round.RingClients, round.ClipRange);
        var vector = ring.Quantize(update, rounding);
        MaskStream.Apply(vector, _selfSeed!, +1);
        // Pairwise masks cancel in the sum: the lower id adds PRG(s_uv), the higher subtracts it.
        foreach (int v in _held.Keys)
            MaskStream.Apply(vector, Agree(_maskKey!, _neighbours[v].MaskKey, MaskPurpose), Id < v ? +1 : -1);
        _stage = Stage.Masked;
        return SecAggWire.Encode(new Masked(ring.Pack(vector)));
    }

    private Revealed Unmask(Unmask u)
    {
        var round = Expect(Stage.Masked, u.Round);
        var survivors = u.Survivors.ToHashSet();
        if (u.Dropped.Any(survivors.Contains)) throw Abort("the server listed a client as both survived and dropped");
        if (!survivors.Contains(Id)) throw Abort("the server did not list this client among the survivors");
        if (survivors.Count < round.Threshold) throw Abort($"only {survivors.Count} clients survived, fewer than the threshold {round.Threshold}");
        var revealed = new List<RevealedShare>();
        foreach (int s in u.Survivors) if (_held.TryGetValue(s, out var h)) revealed.Add(new RevealedShare(s, true, h.Seed));
        foreach (int d in u.Dropped) if (_held.TryGetValue(d, out var h)) revealed.Add(new RevealedShare(d, false, h.MaskKey));
        Reset();
        return new Revealed(revealed);
    }

    private Advertise Expect(Stage stage, int round)
    {
        if (_stage != stage || _round is null) throw Abort($"the server skipped a stage (this client is at {_stage}, the request needs {stage})");
        if (round != _round.Round) throw Abort($"the server mixed rounds {_round.Round} and {round}");
        return _round;
    }

    internal static byte[] Agree(AgreementKey mine, byte[] theirs, string purpose)
    {
        try
        {
            return mine.Agree(theirs, purpose);
        }
        catch (CryptographicException e)
        {
            throw Abort($"a neighbour's public key is not a P-256 point ({e.Message})");
        }
    }

    /// <summary>AES-256-GCM: a random 12-byte nonce, the ciphertext, the 16-byte tag.</summary>
    private static byte[] Seal(byte[] key, byte[] plain)
    {
        var sealedBytes = new byte[12 + plain.Length + 16];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, 12));
        using var gcm = new AesGcm(key, 16);
        gcm.Encrypt(sealedBytes.AsSpan(0, 12), plain, sealedBytes.AsSpan(12, plain.Length), sealedBytes.AsSpan(12 + plain.Length));
        return sealedBytes;
    }

    private static byte[]? Open(byte[] key, byte[] sealedBytes)
    {
        if (sealedBytes.Length < 28) return null;
        var plain = new byte[sealedBytes.Length - 28];
        using var gcm = new AesGcm(key, 16);
        try
        {
            gcm.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(12, plain.Length), sealedBytes.AsSpan(12 + plain.Length), plain);
            return plain;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static SecureAggregationAbortedException Abort(string reason) => new($"secure aggregation aborted: {reason}");

    private void Reset()
    {
        _cipherKey?.Dispose();
        _maskKey?.Dispose();
        (_cipherKey, _maskKey, _selfSeed, _round, _stage) = (null, null, null, null, Stage.Idle);
        _neighbours = [];
        _held = [];
    }

    public void Dispose() => Reset();
}
