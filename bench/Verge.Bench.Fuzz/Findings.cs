using System.Text;

namespace Verge.Bench.Fuzz;

/// <summary>
/// Saves an input that crashed, hung or hit an internal error: the bytes as a file, and a line in findings.tsv
/// with how to replay it (the bench's --replay, and for CLI cases the plain verge command on the saved file).
/// </summary>
public static class Findings
{
    public static void Save(string root, int seed, FuzzCase c, CaseResult r)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, c.Category)).FullName;
        var file = Path.Combine(dir, $"seed{seed}-{c.Index:D5}-{r.Outcome}{c.Extension}");
        File.WriteAllBytes(file, c.Payload);
        var replay = $"dotnet Verge.Bench.Fuzz.dll --replay {c.Category} {seed} {c.Index}";
        var verge = c.Category == "wire" ? $"send {file} to {c.Target}" : "verge " + string.Join(' ', CliTarget.Arguments(c, file, Path.Combine(dir, "out")));
        var line = string.Join('\t', c.Category, seed, c.Index, r.Outcome, c.Target, c.Mutation, r.Detail.ReplaceLineEndings(" "), replay, verge);
        lock (typeof(Findings)) File.AppendAllText(Path.Combine(root, "findings.tsv"), line + "\n", new UTF8Encoding(false));
    }
}
