using YamlDotNet.RepresentationModel;

namespace Verge.Core.Spec;

internal sealed partial class SpecReader
{
    private static readonly string[] InputFormatKeys = ["format", "mean", "std", "preset"];

    /// <summary><c>app.input_format</c>: a declared 8-bit image input, never inferred from values.</summary>
    private U8InputSpec ReadInputFormat(YamlNode node, string input, IReadOnlyList<Deployment.Node> nodes)
    {
        const string Path = "app.input_format";
        var map = yaml.Map(node, Path, InputFormatKeys);
        if (nodes.Count(n => n.Helper) < 2)
            throw yaml.Fail(Path, "only input-wise runs read it (two or more nodes with helper: true); add helpers or drop the key");
        var format = yaml.Text(yaml.Required(map, "format", Path), $"{Path}.format");
        if (format != "u8") throw yaml.Fail($"{Path}.format", $"'{format}' is not an input format Verge knows; use u8 (a camera's 8-bit image)");
        if (input.StartsWith("fashion-mnist", StringComparison.Ordinal))
            throw yaml.Fail(Path, $"app.input '{input}' feeds float images; declare u8 input with input: random or zeros");
        if (map.TryGetValue("preset", out var preset))
        {
            var name = yaml.Text(preset, $"{Path}.preset");
            if (name != "imagenet") throw yaml.Fail($"{Path}.preset", $"unknown preset '{name}'; use imagenet (torchvision's normalisation) or give mean and std");
            if (map.ContainsKey("mean") || map.ContainsKey("std")) throw yaml.Fail(Path, "give a preset or mean and std, not both");
            return new U8InputSpec([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);
        }
        var mean = Floats(yaml.Required(map, "mean", Path), $"{Path}.mean", positive: false);
        var std = Floats(yaml.Required(map, "std", Path), $"{Path}.std", positive: true);
        if (mean.Count == 0 || mean.Count != std.Count)
            throw yaml.Fail(Path, $"has {mean.Count} means and {std.Count} stds; give one of each per channel");
        return new U8InputSpec(mean, std);
    }

    private List<float> Floats(YamlNode node, string path, bool positive) =>
        yaml.Sequence(node, path).Select((item, i) => (float)(positive ? yaml.Positive(item, $"{path}[{i}]") : yaml.Number(item, $"{path}[{i}]"))).ToList();
}
