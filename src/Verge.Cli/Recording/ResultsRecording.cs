using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Verge.Cli.Output;
using Verge.Results;

namespace Verge.Cli.Recording;

/// <summary>
/// The one place measuring commands reach the benchmark repository: adds --db and --no-record to each of them,
/// checks the store before the command runs (a damaged store fails in a second, not after the measurement), and
/// appends one <see cref="ResultRecord"/> when the command succeeds.
/// </summary>
internal static class ResultsRecording
{
    /// <summary>The commands that append a record (every bench, and the commands that measure a run).</summary>
    private static readonly HashSet<string> Recorded = new(StringComparer.Ordinal)
    {
        "bench", "run", "train", "fl simulate", "load", "profile",
    };

    public static Option<string?> DbOption() => new("--db")
    {
        Description = "results store (SQLite) to use; default $VERGE_DB, else ~/.local/share/verge/results.db",
        HelpName = "FILE",
    };

    private static readonly string[] NotSettings = ["--db", "--no-record", "--json", "--help"];

    /// <summary>Adds --db and --no-record to every recorded command under <paramref name="root"/>.</summary>
    public static void AddTo(Command root)
    {
        foreach (var (command, path) in Walk(root, ""))
            if (IsRecorded(path) && command.Subcommands.Count == 0)
            {
                command.Options.Add(DbOption());
                command.Options.Add(new Option<bool>("--no-record") { Description = "do not append this run to the results store" });
            }
    }

    /// <summary>The store this invocation records into, or null when it records nothing; opened once so a bad store fails first.</summary>
    public static (string Db, RunCapture Capture)? Prepare(ParseResult parsed)
    {
        var path = CommandPath(parsed);
        if (!IsRecorded(path) || parsed.CommandResult.Command.Subcommands.Count > 0 || parsed.GetValue<bool>("--no-record")) return null;
        var db = ResultsLocation.Resolve(parsed.GetValue<string?>("--db"));
        using (ResultsStore.Open(db)) { }
        return (db, RunCapture.Begin());
    }

    /// <summary>Appends the record of the command that just succeeded.</summary>
    public static void Append(ParseResult parsed, string db, RunCapture capture)
    {
        var settings = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var symbol in parsed.CommandResult.Children)
        {
            if (symbol is OptionResult { Implicit: false } o && !NotSettings.Contains(o.Option.Name))
                settings[o.Option.Name] = o.Tokens.Count switch { 0 => true, 1 => o.Tokens[0].Value, _ => o.Tokens.Select(t => t.Value).ToArray() };
            else if (symbol is ArgumentResult a)
                settings[a.Argument.Name] = a.Tokens.Count == 1 ? a.Tokens[0].Value : a.Tokens.Select(t => t.Value).ToArray();
        }
        var model = capture.Model ?? (ModelName(settings) is { } name ? new ModelDescriptor(name, null, null, null) : null);
        // A default the user did not type is still the command's: its JSON document names scenario and provider.
        var provider = settings.GetValueOrDefault("--ep") as string ?? TopLevel(capture.Document, "provider") ?? "cpu";
        var record = new ResultRecord(
            Guid.NewGuid().ToString("N"),
            DateTimeOffset.UtcNow,
            CommandPath(parsed),
            "verge " + string.Join(' ', parsed.Tokens.Select(t => t.Value)),
            ProjectCommit.Get(),
            SystemDescriptor.Current(provider),
            model,
            settings.GetValueOrDefault("--scenario") as string ?? TopLevel(capture.Document, "scenario"),
            JsonSerializer.Serialize(settings, JsonOutput.Options),
            capture.Document ?? "{}",
            capture.Profile);
        using var store = ResultsStore.Open(db);
        store.Append(record);
    }

    private static string? TopLevel(string? json, string property)
    {
        if (json is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(property, out var value)
                   && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ModelName(SortedDictionary<string, object> settings) =>
        (settings.GetValueOrDefault("model") ?? settings.GetValueOrDefault("--model")) as string;

    private static bool IsRecorded(string path) =>
        Recorded.Contains(path) || path.StartsWith("bench ", StringComparison.Ordinal);

    private static IEnumerable<(Command, string)> Walk(Command command, string path)
    {
        foreach (var sub in command.Subcommands)
        {
            var subPath = path.Length == 0 ? sub.Name : $"{path} {sub.Name}";
            yield return (sub, subPath);
            foreach (var x in Walk(sub, subPath)) yield return x;
        }
    }

    internal static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var r = parsed.CommandResult; r?.Parent is CommandResult parent; r = parent)
            names.Insert(0, r.Command.Name);
        return string.Join(' ', names);
    }
}
