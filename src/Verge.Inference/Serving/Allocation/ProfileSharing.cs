namespace Verge.Inference.Serving.Allocation;

/// <summary>
/// Chameleon's profile sharing (Jiang et al., SIGCOMM 2018): streams whose content looks alike have alike
/// resource–accuracy profiles, so only one stream of each group (its leader) is profiled and the others borrow its
/// profile. Streams are grouped greedily by a cheap content signature: a stream within <c>tolerance</c> (relative) of
/// an existing leader's signature follows it, else it leads a new group.
/// </summary>
public static class ProfileSharing
{
    /// <summary>Each stream's leader (a leader is its own), in the order given.</summary>
    public static IReadOnlyDictionary<string, string> Leaders(IReadOnlyList<(string Stream, double Signature)> streams, double tolerance)
    {
        var leaders = new List<(string Stream, double Signature)>();
        var map = new Dictionary<string, string>();
        foreach (var s in streams)
        {
            var near = leaders.Where(l => Similar(l.Signature, s.Signature, tolerance)).OrderBy(l => Math.Abs(l.Signature - s.Signature)).ToList();
            if (near.Count > 0) map[s.Stream] = near[0].Stream;
            else
            {
                leaders.Add(s);
                map[s.Stream] = s.Stream;
            }
        }
        return map;
    }

    /// <summary>Whether two signatures are within <paramref name="tolerance"/> (relative); a negative tolerance turns
    /// sharing off (nothing is alike, not even equal signatures).</summary>
    public static bool Similar(double a, double b, double tolerance) =>
        tolerance >= 0 && Math.Abs(a - b) <= tolerance * Math.Max(Math.Abs(a), Math.Abs(b)) + 1e-12;
}
