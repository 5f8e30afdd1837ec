using Verge.Inference.Serving.Allocation;

namespace Verge.Net.Benchmarks.Streams;

/// <summary>The least share of the capacity at which the allocator keeps a target accuracy, on the profiled window and on
/// the next one.</summary>
internal static class AllocationCapacity
{
    /// <summary>
    /// The least share of <paramref name="capacity"/> from which up (in steps of 0.01) the allocation chosen on the profiled
    /// window, scored on the next window, keeps at least <paramref name="target"/> (uniform's next-window accuracy at the
    /// full capacity). Scored accuracy need not grow with capacity, hence a scan rather than a bisection; infinity when
    /// even the full capacity falls short.
    /// </summary>
    public static double NextWindow(IReadOnlyList<StreamProfile> profiles, IReadOnlyDictionary<string, StreamProfile> truth, double capacity, double target)
    {
        double ratio = double.PositiveInfinity;
        for (int percent = 100; percent >= 1; percent--)
        {
            if (AllocationStudy.Measured(KnobAllocator.Allocate(profiles, percent / 100.0 * capacity), truth).MeanAccuracy < target - 1e-12) break;
            ratio = percent / 100.0;
        }
        return ratio;
    }

    /// <summary>The least share of <paramref name="capacity"/> at which the allocator's profiled accuracy reaches
    /// <paramref name="target"/> (bisection; 1 when only the full capacity does).</summary>
    public static double Profiled(IReadOnlyList<StreamProfile> profiles, double capacity, double target)
    {
        double low = 0, high = 1;
        for (int step = 0; step < 20; step++)
        {
            double mid = (low + high) / 2;
            if (KnobAllocator.Allocate(profiles, mid * capacity).MeanAccuracy >= target - 1e-12) high = mid;
            else low = mid;
        }
        return high;
    }
}
