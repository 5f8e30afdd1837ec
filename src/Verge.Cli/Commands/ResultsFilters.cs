using System.CommandLine;

namespace Verge.Cli.Commands;

/// <summary>The record filters `verge results list|plot|export` share: exact system, command, model, scenario; commit by prefix.</summary>
internal sealed class ResultsFilters
{
    private readonly (Option<string?> Option, string Column)[] _filters =
    [
        (new Option<string?>("--system") { Description = "only this system", HelpName = "NAME" }, "system_name"),
        (new Option<string?>("--commit") { Description = "only this commit (a prefix will do)", HelpName = "SHA" }, "commit_id"),
        (new Option<string?>("--command") { Description = "only this command, e.g. 'bench infer'", HelpName = "COMMAND" }, "command"),
        (new Option<string?>("--model") { Description = "only this model, e.g. zoo:resnet18", HelpName = "MODEL" }, "model_name"),
        (new Option<string?>("--scenario") { Description = "only this scenario", HelpName = "SCENARIO" }, "scenario"),
    ];

    public void AddTo(Command command)
    {
        foreach (var (option, _) in _filters) command.Options.Add(option);
    }

    public Dictionary<string, string> Read(ParseResult r)
    {
        var where = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (option, column) in _filters)
            if (r.GetValue(option) is { Length: > 0 } value) where[column] = value;
        return where;
    }
}
