namespace Verge.Core.Statistics;

/// <summary>The summary statistics every measurement in Verge uses, defined once.</summary>
public static class Stats
{
    /// <summary>The median: the middle value, or the mean of the two middle values for an even count; NaN when empty.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        if (n == 0) return double.NaN;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>The median of durations (to the tick), as <see cref="Median(IEnumerable{double})"/>; NaN is not a duration, so empty throws.</summary>
    public static TimeSpan Median(IEnumerable<TimeSpan> durations)
    {
        double ticks = Median(durations.Select(d => (double)d.Ticks));
        if (double.IsNaN(ticks)) throw new ArgumentException("the median of no durations is undefined", nameof(durations));
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// The nearest-rank percentile (<paramref name="p"/> in [0, 100]): the smallest value with at least p% of the
    /// values at or below it, so it is always one of the values; NaN when empty.
    /// </summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        int rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
