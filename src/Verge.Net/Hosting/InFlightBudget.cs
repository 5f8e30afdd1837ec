namespace Verge.Net.Hosting;

/// <summary>
/// The bytes all requests a node is serving hold at once (issue 17): each reserves its message and what decoding it
/// allocates before it decodes anything, and releases them when it is answered. A request that would take the total
/// over the bound is refused, so concurrent large requests cannot add up past the node's configured memory.
/// </summary>
internal sealed class InFlightBudget(long limit)
{
    private long _used;

    public long Limit => limit;

    /// <summary>The bytes held now.</summary>
    public long Used => Interlocked.Read(ref _used);

    /// <summary>Reserves <paramref name="bytes"/> if they fit; false (nothing reserved) if not.</summary>
    public bool TryReserve(long bytes)
    {
        while (true)
        {
            long used = Interlocked.Read(ref _used);
            if (bytes > limit - used) return false;
            if (Interlocked.CompareExchange(ref _used, used + bytes, used) == used) return true;
        }
    }

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
