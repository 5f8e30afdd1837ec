using System.CommandLine;
using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Inference.Zoo;
using Verge.Learning.Federated.Robust;

namespace Verge.Cli.Options;

/// <summary>Options several commands share, with their parsing and validation in one place.</summary>
internal static class CommonOptions
{
    public static Argument<string> Model() => new("model")
    {
        Description = "an ONNX file, or a zoo name such as zoo:resnet18",
    };

    public static Option<string?> Json() => new("--json")
    {
        Description = "write machine-readable JSON to FILE ('-' for stdout)",
        HelpName = "FILE",
    };

    public static Option<string[]> Shape() => new("--shape")
    {
        Description = "fix an input's symbolic dimensions, e.g. --shape input=1x3x224x224 (repeatable)",
        HelpName = "NAME=DIMS",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<int> Threads() => new("--threads")
    {
        Description = "ONNX Runtime intra-op threads (default: all cores)",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    /// <summary>The model the command's argument names, with the --shape values applied: the one place the CLI loads a user's model.</summary>
    public static ModelGraph LoadModel(ModelZoo zoo, ParseResult result, Argument<string> model, Option<string[]> shape)
    {
        var graph = zoo.Load(result.GetValue(model)!, ParseShapes(result.GetValue(shape)));
        Recording.RunCapture.NoteModel(graph);
        return graph;
    }

    /// <summary>Parses "--shape name=1x3x224x224" values.</summary>
    public static Dictionary<string, long[]> ParseShapes(IEnumerable<string>? values)
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            int eq = value.LastIndexOf('=');
            if (eq <= 0 || eq == value.Length - 1)
                throw new UsageException($"--shape '{value}' is not NAME=DIMS; write e.g. --shape input=1x3x224x224");
            var dims = value[(eq + 1)..].Split('x', ',', '×');
            var parsed = new long[dims.Length];
            for (int i = 0; i < dims.Length; i++)
                if (!long.TryParse(dims[i], out parsed[i]) || parsed[i] <= 0)
                    throw new UsageException($"--shape '{value}': dimension '{dims[i]}' is not a positive integer; write e.g. --shape input=1x3x224x224");
            shapes[value[..eq]] = parsed;
        }
        return shapes;
    }

    /// <summary>
    /// Restricts a flag to <paramref name="values"/>, refused in one line that lists them (System.CommandLine's own
    /// AcceptOnlyFromAmong prints the list one value a line).
    /// </summary>
    public static void OneOf(Option option, params string[] values)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (!values.Contains(token.Value, StringComparer.Ordinal))
                    result.AddError($"{option.Name} '{token.Value}' is not allowed; give one of {string.Join(", ", values)}");
        });
        option.CompletionSources.Add(values);
    }

    public static int Positive(int value, string flag) =>
        value > 0 ? value : throw new UsageException($"{flag} must be a positive integer, got {value}");

    /// <summary>Parses --aggregate; a rule other than the mean only exists for fedavg.</summary>
    public static AggregationRule Aggregation(string text, string strategy)
    {
        var rule = AggregationRule.Parse(text);
        if (rule.Kind != AggregationKind.Mean && !strategy.Equals("fedavg", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--aggregate {text} applies to fedavg only; drop it or use --strategy fedavg");
        return rule;
    }
}
