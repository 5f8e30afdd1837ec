namespace Verge.Net.Benchmarks.Codecs;

/// <summary>
/// One codec after <see cref="Round"/> rounds: its test accuracy and cumulative uplink bytes, and against fp32 at
/// the same round: how many times fewer bytes (<see cref="Reduction"/>) and the accuracy difference in points.
/// </summary>
public sealed record CodecSweepRow(string Codec, int Round, double TestAcc, long UplinkBytes, double Reduction, double DeltaPoints)
{
    /// <summary>Issue #18's bar: at least 100× fewer uplink bytes than fp32 at no more than 1 point below it.</summary>
    public bool MeetsTarget => Reduction >= 100 && DeltaPoints >= -1;
}
