namespace Verge.Cli.Output;

/// <summary>
/// A results page shared by several benches (many-nodes.md: tiles and cluster): each bench owns the text between its
/// begin and end markers and replaces only that, keeping the rest of the page as it is.
/// </summary>
internal static class PageSection
{
    public static string Merge(string path, string section, string begin, string end, string newPage)
    {
        var old = File.Exists(path) ? File.ReadAllText(path) : newPage;
        int from = old.IndexOf(begin, StringComparison.Ordinal), to = old.IndexOf(end, StringComparison.Ordinal);
        if (from >= 0 && to > from)
            return old[..from] + section + old[(to + end.Length)..].TrimStart('\n').Insert(0, "\n");
        return old.TrimEnd() + "\n\n" + section;
    }
}
