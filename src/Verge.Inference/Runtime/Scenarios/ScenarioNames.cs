namespace Verge.Inference.Runtime.Scenarios;

/// <summary>The scenarios' names on the command line and in JSON.</summary>
public static class ScenarioNames
{
    public static readonly string[] All = ["single-stream", "offline", "server"];

    public static string Of(Scenario s) => s switch
    {
        Scenario.SingleStream => "single-stream",
        Scenario.Offline => "offline",
        _ => "server",
    };

    public static Scenario Parse(string name) => name switch
    {
        "single-stream" => Scenario.SingleStream,
        "offline" => Scenario.Offline,
        "server" => Scenario.Server,
        _ => throw new Core.Errors.UsageException($"scenario '{name}' is not known; give one of {string.Join(", ", All)}"),
    };
}
