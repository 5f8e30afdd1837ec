namespace Verge.Learning.Federated.SecureAggregation;

/// <summary>
/// The protocol's messages, stage by stage (Bonawitz et al., CCS 2017, Fig. 4; the consistency check of the
/// actively secure variant is left out: the server here is honest-but-curious). Requests go server → client,
/// replies client → server; all of them travel as <see cref="SecAggWire"/> bytes, whose length is what is counted.
/// </summary>
public abstract record SecAggMessage
{
    /// <summary>Stage 0 request: the round's parameters; the client makes its two key pairs.</summary>
    public sealed record Advertise(int Round, int Threshold, int ValueBits, int RingClients, double ClipRange) : SecAggMessage;

    /// <summary>Stage 0 reply: the public keys for share encryption (c) and mask agreement (s).</summary>
    public sealed record Keys(byte[] CipherKey, byte[] MaskKey) : SecAggMessage;

    /// <summary>Stage 1 request: the neighbours (in the SecAgg+ graph) that advertised keys, with their keys.</summary>
    public sealed record ShareKeys(int Round, IReadOnlyList<PeerKeys> Neighbours) : SecAggMessage;

    /// <summary>Stage 1 reply: for every neighbour, its shares of this client's mask key and self-mask seed, encrypted to it.</summary>
    public sealed record Shares(IReadOnlyList<SealedShare> Sealed) : SecAggMessage;

    /// <summary>Stage 2 request: the shares neighbours sent this client; their senders are the ones it masks with.</summary>
    public sealed record MaskInput(int Round, IReadOnlyList<SealedShare> Received) : SecAggMessage;

    /// <summary>Stage 2 reply: the masked, bit-packed ring vector.</summary>
    public sealed record Masked(byte[] Vector) : SecAggMessage;

    /// <summary>Stage 3 request: who delivered a masked vector and who dropped after sharing keys.</summary>
    public sealed record Unmask(int Round, IReadOnlyList<int> Survivors, IReadOnlyList<int> Dropped) : SecAggMessage;

    /// <summary>Stage 3 reply: self-mask seed shares of survivors, mask-key shares of the dropped, never both for one client.</summary>
    public sealed record Revealed(IReadOnlyList<RevealedShare> Items) : SecAggMessage;

    public sealed record PeerKeys(int Id, byte[] CipherKey, byte[] MaskKey);

    /// <summary>An encrypted share; <see cref="Peer"/> is its recipient in a reply and its sender when forwarded.</summary>
    public sealed record SealedShare(int Peer, byte[] Ciphertext);

    public sealed record RevealedShare(int Owner, bool SelfMask, ulong[] Share);
}
