using System.Text.RegularExpressions;
using Verge.Core.Errors;

namespace Verge.Cli.Options;

/// <summary>
/// Libraries word their errors in their own terms (<see cref="VergeException.Term"/>: "shape override",
/// "calibration source"); the CLI puts its flag or command there, so the one-line error names what to type.
/// </summary>
public static class FlagTerms
{
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["shape override"] = "--shape",
        ["a shape override"] = "--shape",
        ["the shape overrides"] = "the --shape values",
        ["calibration source"] = "--calib",
        ["percentile"] = "--percentile",
        ["plan"] = "--plan",
        ["listen address"] = "--listen",
        ["REST listen address"] = "--http-listen",
        ["REST listen"] = "--http-listen",
        ["temperature"] = "--temperature",
        ["alpha"] = "--alpha",
        ["pruning fraction"] = "--prune",
        ["magnitude pruning (unstructured)"] = "magnitude pruning (--prune without --structured)",
        ["train one first"] = "train one first (verge train --out DIR writes DIR/model.onnx)",
        ["train one such as branchy-lenet5"] = "train one with verge train --model branchy-lenet5",
        ["straggler spec"] = "--stragglers",
        ["checkpoint folder"] = "--checkpoint folder",
        ["aggregation rule"] = "--aggregate",
        ["attack"] = "--attack",
    };

    /// <summary>The exception's message with its term, wherever it stands as a whole phrase, replaced by the CLI's words for it.</summary>
    public static string Message(VergeException e) =>
        e.Term is { } term && Flags.TryGetValue(term, out var flag)
            ? Regex.Replace(e.Message, $@"(?<![\w-]){Regex.Escape(term)}(?![\w-])", flag.Replace("$", "$$"))
            : e.Message;
}
