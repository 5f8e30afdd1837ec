namespace Verge.Bench.Fuzz;

/// <summary>A stable seed per (run seed, input index, stream): HashCode is randomised per process, so it cannot serve.</summary>
public static class Mix
{
    public static int Of(int seed, int index, int stream)
    {
        ulong x = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)index * 0xBF58476D1CE4E5B9UL ^ (ulong)(uint)stream * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        x *= 0xD6E8FEB86659FD93UL;
        x ^= x >> 32;
        return (int)(x & 0x7FFFFFFF);
    }
}
