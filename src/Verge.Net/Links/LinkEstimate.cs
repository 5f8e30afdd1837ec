namespace Verge.Net.Links;

/// <summary>What a client has measured of one hop: bandwidth (bits/s, null until a transfer could be timed), RTT, sample counts.</summary>
public sealed record LinkEstimate(double? BandwidthBitsPerSecond, TimeSpan? Rtt, int TransferSamples, int RttSamples);
