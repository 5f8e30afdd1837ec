using static Verge.Learning.Federated.SecureAggregation.SecAggMessage;

namespace Verge.Learning.Federated.SecureAggregation;

/// <summary>
/// Bytes of <see cref="SecAggMessage"/>s: a tag, then little-endian fields and length-prefixed lists. The same
/// bytes travel in the simulation (where their length is the counted traffic) and inside the gRPC messages.
/// Decoding a malformed message throws <see cref="FormatException"/>.
/// </summary>
public static class SecAggWire
{
    private const int MaxItems = 1 << 20, MaxBytes = 1 << 28;

    public static byte[] Encode(SecAggMessage message)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            switch (message)
            {
                case Advertise a:
                    w.Write((byte)1); w.Write(a.Round); w.Write(a.Threshold); w.Write(a.ValueBits); w.Write(a.RingClients); w.Write(a.ClipRange);
                    break;
                case Keys k:
                    w.Write((byte)2); Bytes(w, k.CipherKey); Bytes(w, k.MaskKey);
                    break;
                case ShareKeys s:
                    w.Write((byte)3); w.Write(s.Round); w.Write(s.Neighbours.Count);
                    foreach (var p in s.Neighbours) { w.Write(p.Id); Bytes(w, p.CipherKey); Bytes(w, p.MaskKey); }
                    break;
                case Shares s:
                    w.Write((byte)4); SealedList(w, s.Sealed);
                    break;
                case MaskInput m:
                    w.Write((byte)5); w.Write(m.Round); SealedList(w, m.Received);
                    break;
                case Masked m:
                    w.Write((byte)6); Bytes(w, m.Vector);
                    break;
                case Unmask u:
                    w.Write((byte)7); w.Write(u.Round); Ints(w, u.Survivors); Ints(w, u.Dropped);
                    break;
                case Revealed r:
                    w.Write((byte)8); w.Write(r.Items.Count);
                    foreach (var s in r.Items)
                    {
                        w.Write(s.Owner); w.Write(s.SelfMask); w.Write(s.Share.Length);
                        foreach (var y in s.Share) w.Write(y);
                    }
                    break;
                default:
                    throw new ArgumentException($"unknown message {message.GetType().Name}");
            }
        }
        return stream.ToArray();
    }

    public static SecAggMessage Decode(byte[] bytes)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, writable: false));
            SecAggMessage message = r.ReadByte() switch
            {
                1 => new Advertise(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadDouble()),
                2 => new Keys(Bytes(r), Bytes(r)),
                3 => new ShareKeys(r.ReadInt32(), List(r, () => new PeerKeys(r.ReadInt32(), Bytes(r), Bytes(r)))),
                4 => new Shares(SealedList(r)),
                5 => new MaskInput(r.ReadInt32(), SealedList(r)),
                6 => new Masked(Bytes(r)),
                7 => new Unmask(r.ReadInt32(), List(r, r.ReadInt32), List(r, r.ReadInt32)),
                8 => new Revealed(List(r, () => new RevealedShare(r.ReadInt32(), r.ReadBoolean(), List(r, r.ReadUInt64).ToArray()))),
                var tag => throw new FormatException($"unknown secure-aggregation message {tag}"),
            };
            if (r.BaseStream.Position != bytes.Length) throw new FormatException("trailing bytes after a secure-aggregation message");
            return message;
        }
        catch (EndOfStreamException)
        {
            throw new FormatException("truncated secure-aggregation message");
        }
    }

    /// <summary>Decodes and checks the message is of the kind the stage expects.</summary>
    public static T Decode<T>(byte[] bytes) where T : SecAggMessage =>
        Decode(bytes) as T ?? throw new FormatException($"expected a {typeof(T).Name} message");

    private static void Bytes(BinaryWriter w, byte[] b)
    {
        w.Write(b.Length);
        w.Write(b);
    }

    private static byte[] Bytes(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > MaxBytes) throw new FormatException($"length {n} out of range");
        var b = r.ReadBytes(n);
        return b.Length == n ? b : throw new EndOfStreamException();
    }

    private static void Ints(BinaryWriter w, IReadOnlyList<int> items)
    {
        w.Write(items.Count);
        foreach (int i in items) w.Write(i);
    }

    private static void SealedList(BinaryWriter w, IReadOnlyList<SealedShare> items)
    {
        w.Write(items.Count);
        foreach (var s in items) { w.Write(s.Peer); Bytes(w, s.Ciphertext); }
    }

    private static List<SealedShare> SealedList(BinaryReader r) => List(r, () => new SealedShare(r.ReadInt32(), Bytes(r)));

    private static List<T> List<T>(BinaryReader r, Func<T> item)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > MaxItems) throw new FormatException($"list of {n} items out of range");
        var list = new List<T>(Math.Min(n, 1024));
        for (int i = 0; i < n; i++) list.Add(item());
        return list;
    }
}
