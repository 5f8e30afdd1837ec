namespace Verge.Net.Links;

/// <summary>
/// The arithmetic of an emulated link, without clocks or sockets: a message of B bytes that arrives at time t
/// waits until the direction's wire is free (a token bucket with no burst allowance, so concurrent messages share
/// the bandwidth in turn), takes B·8/bandwidth to transmit, then RTT/2 to propagate. Parameters can change at any
/// time; messages already scheduled keep their slot.
/// </summary>
public sealed class LinkShaper(LinkParameters parameters)
{
    private readonly Lock _gate = new();
    private readonly TimeSpan[] _wireFreeAt = new TimeSpan[2];
    private LinkParameters _parameters = parameters;

    public LinkParameters Parameters
    {
        get { lock (_gate) return _parameters; }
        set { lock (_gate) _parameters = value; }
    }

    /// <summary>Reserves the wire for one message and returns how long it is delayed from <paramref name="now"/>.</summary>
    public TimeSpan Reserve(LinkDirection direction, long bytes, TimeSpan now)
    {
        lock (_gate)
        {
            ref var freeAt = ref _wireFreeAt[(int)direction];
            var start = freeAt > now ? freeAt : now;
            freeAt = start + _parameters.TransmitTime(bytes);
            return freeAt - now + _parameters.Rtt / 2;
        }
    }
}
