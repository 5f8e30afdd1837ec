using System.Text.Json;

namespace Verge.Results;

/// <summary>The numbers of a command's JSON document as "path.to.value" → value, arrays left out (per-round and per-frame series).</summary>
public static class MetricPaths
{
    public static IReadOnlyDictionary<string, double> Numbers(string json, int maxDepth = 3)
    {
        var found = new SortedDictionary<string, double>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(json);
            Walk(doc.RootElement, "", 0, maxDepth, found);
        }
        catch (JsonException)
        {
            // A record whose metrics are not JSON has no numbers to compare.
        }
        return found;
    }

    private static void Walk(JsonElement e, string path, int depth, int maxDepth, IDictionary<string, double> found)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Number when e.TryGetDouble(out var x):
                found[path.Length == 0 ? "value" : path] = x;
                break;
            case JsonValueKind.Object when depth < maxDepth:
                foreach (var p in e.EnumerateObject())
                    Walk(p.Value, path.Length == 0 ? p.Name : $"{path}.{p.Name}", depth + 1, maxDepth, found);
                break;
        }
    }
}
