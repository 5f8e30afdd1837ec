using System.Numerics.Tensors;

namespace Verge.Net.Federated.Peers;

/// <summary>
/// One gossip peer's weights and membership, shared by its training loop and the exchanges other peers start
/// (Blot et al., "Gossip training for deep learning", 2016, over real sockets). Local steps run outside the lock on
/// a snapshot and add their delta back, so an exchange that lands meanwhile is kept, not overwritten; an exchange
/// replaces the weights by the pair's mean on both sides (push-pull). Dead peers are dropped for good, so rumours
/// of them from other peers do not bring them back.
/// </summary>
public sealed class GossipPeerState(int peerId, float[] initialWeights)
{
    private readonly object _gate = new();
    private readonly float[] _weights = (float[])initialWeights.Clone();
    private readonly SortedDictionary<int, string> _members = [];
    private readonly SortedSet<int> _dropped = [];
    private bool _finished;

    public int PeerId { get; } = peerId;
    public int Length => _weights.Length;

    public float[] Snapshot()
    {
        lock (_gate) return (float[])_weights.Clone();
    }

    /// <summary>Adds what local training changed (its weights minus the snapshot it started from).</summary>
    public void Add(ReadOnlySpan<float> delta)
    {
        lock (_gate) TensorPrimitives.Add(_weights, delta, _weights);
    }

    /// <summary>The callee's half of an exchange: returns the weights before, and keeps the pair's mean unless finished.</summary>
    public (float[] Before, bool Finished) Absorb(ReadOnlySpan<float> theirs)
    {
        lock (_gate)
        {
            var before = (float[])_weights.Clone();
            if (!_finished) Mean(theirs);
            return (before, _finished);
        }
    }

    /// <summary>The caller's half: the pair's mean of its weights now and the callee's (as the callee had them).</summary>
    public void Average(ReadOnlySpan<float> theirs)
    {
        lock (_gate) Mean(theirs);
    }

    /// <summary>From now on, exchanges read this peer's weights but no longer change them.</summary>
    public void Finish()
    {
        lock (_gate) _finished = true;
    }

    public bool Learn(int id, string url)
    {
        lock (_gate)
        {
            if (id == PeerId || _dropped.Contains(id) || _members.TryGetValue(id, out var known) && known == url) return false;
            _members[id] = url;
            return true;
        }
    }

    public void Drop(int id)
    {
        lock (_gate)
        {
            _members.Remove(id);
            _dropped.Add(id);
        }
    }

    public IReadOnlyList<KeyValuePair<int, string>> Members()
    {
        lock (_gate) return _members.ToList();
    }

    public IReadOnlyList<int> Dropped()
    {
        lock (_gate) return _dropped.ToList();
    }

    /// <summary>
    /// The neighbour for this round among the live peers: uniform for <see cref="NeighbourChoice.Random"/>; for
    /// <see cref="NeighbourChoice.Ring"/>, the next live id on even rounds and the previous on odd ones. Null when alone.
    /// </summary>
    public int? Neighbour(NeighbourChoice choice, int round, Random random)
    {
        var live = Members().Select(m => m.Key).ToList();
        if (live.Count == 0) return null;
        if (choice == NeighbourChoice.Random) return live[random.Next(live.Count)];
        int next = live.FirstOrDefault(id => id > PeerId, live[0]);
        int previous = live.LastOrDefault(id => id < PeerId, live[^1]);
        return round % 2 == 0 ? next : previous;
    }

    private void Mean(ReadOnlySpan<float> theirs)
    {
        TensorPrimitives.Add(_weights, theirs, _weights);
        TensorPrimitives.Multiply(_weights, 0.5f, _weights);
    }
}
