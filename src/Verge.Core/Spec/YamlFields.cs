using System.Globalization;
using Verge.Core.Errors;
using Verge.Core.Units;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Verge.Core.Spec;

/// <summary>
/// Reads the fields of one YAML file by walking its tree, so that every error is one line naming the file and the
/// field (<c>links[0].to</c>) and unknown keys are refused rather than silently ignored. Shared by deployment specs
/// and the edge server's model configs.
/// </summary>
public sealed class YamlFields(string source)
{
    /// <summary>
    /// How deep mappings and lists may nest. Real specs and configs nest four or five levels; YamlDotNet builds its
    /// tree recursively, so a file nested 50,000 deep would overflow the stack (which no handler can catch).
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>The file's first document, or null when the file is empty.</summary>
    public YamlNode? Load(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new DepthLimitedParser(new Parser(new StringReader(yaml)), MaxDepth));
        }
        catch (DepthLimitedParser.TooDeepException e)
        {
            throw new InputException($"{source}: line {e.Line}: nested more than {MaxDepth} levels deep; a spec needs a handful, flatten it");
        }
        catch (YamlException e)
        {
            throw new InputException($"{source}: line {e.Start.Line}: YAML syntax error: {e.Message}; fix the YAML");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some unterminated flow collections.
            throw new InputException($"{source}: YAML syntax error: the file ends inside a {{ }} or [ ] collection; close it");
        }
        return stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" }
            ? null : stream.Documents[0].RootNode;
    }

    public InputException Fail(string field, string what) => new($"{source}: {field}: {what}");

    public Dictionary<string, YamlNode> Map(YamlNode node, string path, string[]? allowed)
    {
        if (node is not YamlMappingNode map) throw Fail(path, $"expected a mapping of keys (line {node.Start.Line})");
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            var where = path == "(top)" ? key : $"{path}.{key}";
            if (allowed is not null && !allowed.Contains(key))
                throw Fail(where, $"unknown key; expected one of {string.Join(", ", allowed)}");
            result[key] = v;
        }
        return result;
    }

    public YamlNode Required(Dictionary<string, YamlNode> map, string key, string path) =>
        map.TryGetValue(key, out var v) ? v : throw Fail(path == "(top)" ? key : $"{path}.{key}", "is missing");

    public IReadOnlyList<YamlNode> Sequence(YamlNode node, string path) =>
        node as YamlSequenceNode is { } s ? s.Children.ToList() : throw Fail(path, $"expected a list (line {node.Start.Line})");

    public string Text(YamlNode node, string path) =>
        node is YamlScalarNode s ? s.Value ?? "" : throw Fail(path, $"expected a single value (line {node.Start.Line})");

    public double Number(YamlNode node, string path)
    {
        var t = Text(node, path);
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
            ? x : throw Fail(path, $"'{t}' is not a number");
    }

    /// <summary>A number inside <paramref name="range"/>; the error names the field and the range.</summary>
    public double Number(YamlNode node, string path, NumberRange range)
    {
        var x = Number(node, path);
        return range.Contains(x) ? x : throw OutOfRange(node, path, range);
    }

    public double Positive(YamlNode node, string path, NumberRange range)
    {
        var x = Positive(node, path);
        return range.Contains(x) ? x : throw OutOfRange(node, path, range);
    }

    public double NonNegative(YamlNode node, string path, NumberRange range)
    {
        var x = NonNegative(node, path);
        return range.Contains(x) ? x : throw OutOfRange(node, path, range);
    }

    private InputException OutOfRange(YamlNode node, string path, NumberRange range) =>
        Fail(path, $"{Text(node, path)} is out of range; give {range}");

    public double Positive(YamlNode node, string path)
    {
        var x = Number(node, path);
        return x > 0 ? x : throw Fail(path, $"{x} must be positive");
    }

    public double NonNegative(YamlNode node, string path)
    {
        var x = Number(node, path);
        return x >= 0 ? x : throw Fail(path, $"{x} must not be negative");
    }

    public double Fraction(YamlNode node, string path)
    {
        var x = Number(node, path);
        return x is >= 0 and <= 1 ? x : throw Fail(path, $"{x} is not an accuracy; give a fraction between 0 and 1");
    }

    /// <summary>A link rate in bits per second inside <paramref name="range"/>.</summary>
    public Bandwidth Rate(YamlNode node, string path, NumberRange range)
    {
        var t = Text(node, path);
        if (!Bandwidth.TryParse(t, out var b)) throw Fail(path, $"'{t}' is not a bandwidth; write e.g. {Bandwidth.Examples}");
        if (b.BitsPerSecond <= 0) throw Fail(path, $"{t} must be positive");
        return range.Contains(b.BitsPerSecond) ? b : throw OutOfRange(node, path, range);
    }

    /// <summary>A duration whose milliseconds lie inside <paramref name="rangeMs"/>.</summary>
    public TimeSpan Time(YamlNode node, string path, NumberRange rangeMs)
    {
        var t = Text(node, path);
        if (!Duration.TryParseMilliseconds(t, out var ms)) throw Fail(path, $"'{t}' is not a duration; write e.g. {Duration.Examples}");
        if (ms < 0) throw Fail(path, $"{t} must not be negative");
        return rangeMs.Contains(ms) ? TimeSpan.FromMilliseconds(ms) : throw OutOfRange(node, path, rangeMs);
    }

    public T Enum<T>(YamlNode node, string path) where T : struct, System.Enum
    {
        var t = Text(node, path);
        var names = System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()).ToArray();
        return names.Contains(t) ? System.Enum.Parse<T>(t, ignoreCase: true)
            : throw Fail(path, $"unknown value '{t}'; expected one of {string.Join(", ", names)}");
    }

    public int Int(YamlNode node, string path, int min)
    {
        var t = Text(node, path);
        if (!int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x))
            throw Fail(path, $"'{t}' is not a whole number");
        return x >= min ? x : throw Fail(path, $"{x} must be {min} or more");
    }
}
