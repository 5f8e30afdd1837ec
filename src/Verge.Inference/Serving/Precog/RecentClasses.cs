namespace Verge.Inference.Serving.Precog;

/// <summary>
/// What the device has been seeing lately, as the edge learns it from the answers it gives (Precog, Drolia et al.,
/// SEC 2017): the classes among the last <c>window</c> answers that make up at least <c>minShare</c> of them, at most
/// <c>maxClasses</c>, most frequent first. A specialised model for that set is what the device should hold.
/// </summary>
public sealed class RecentClasses(int window = 300, int maxClasses = 3, double minShare = 0.05)
{
    private readonly Queue<int> _answers = new();

    public void Add(int answer)
    {
        _answers.Enqueue(answer);
        if (_answers.Count > window) _answers.Dequeue();
    }

    /// <summary>The current set, sorted by class (empty until anything was answered).</summary>
    public int[] Current()
    {
        if (_answers.Count == 0) return [];
        int least = (int)Math.Ceiling(minShare * _answers.Count);
        return _answers.GroupBy(a => a).Where(g => g.Count() >= least)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Take(maxClasses)
            .Select(g => g.Key).Order().ToArray();
    }
}
