// Loads ONNX models through the model zoo and ModelGraph (the code behind `verge inspect`) and prints a Markdown table of nodes,
// parameters and MACs next to the published figures and to the zoo's own build of the same network.
// Usage: dotnet run -c Release --project bench/Verge.Bench.Inspect -- MODEL.onnx|zoo:NAME ...
using System.Diagnostics;
using System.Globalization;
using Verge.Inference.Zoo;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Verge.Bench.Inspect MODEL.onnx|zoo:NAME ...");
    return 2;
}

// torchvision file stems → the zoo architecture built to the same topology (for published figures and a twin).
var twins = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
{
    ["resnet18"] = "resnet18-tv", ["mobilenet_v2"] = "mobilenetv2-tv", ["squeezenet1_1"] = "squeezenet-tv",
    ["googlenet"] = "googlenet-tv", ["densenet121"] = "densenet121-tv", ["shufflenet_v2_x1_0"] = "shufflenetv2-tv",
    ["lstm"] = "lstm-seq",
};

Console.WriteLine("| model | nodes | params (M) | MACs, Verge (G) | conv+fc MACs (G) | published MACs (G) | difference | zoo twin | twin nodes | twin params (M) | twin MACs (G) | load (ms) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|");
var zoo = ModelZoo.Standard();
int failures = 0;
foreach (var model in args)
{
    var stem = ModelZoo.IsZooName(model) ? model[ModelZoo.Prefix.Length..] : Path.GetFileNameWithoutExtension(model);
    try
    {
        var clock = Stopwatch.StartNew();
        var g = zoo.Load(model);
        var loadMs = clock.Elapsed.TotalMilliseconds;
        var twinName = twins.GetValueOrDefault(stem) ?? ArchitectureZoo.All.FirstOrDefault(a => a.Name == stem)?.Name;
        var arch = twinName is null ? null : ArchitectureZoo.Find(twinName);
        double macs = g.MacsTotal / 1e9;
        double convFc = g.Nodes.Where(n => n.OpType is "Conv" or "Gemm" or "MatMul" or "LSTM").Sum(n => n.Macs) / 1e9;
        string published = arch?.PublishedGMacs is { } p ? p.ToString("F3") : "–";
        string diff = arch?.PublishedGMacs is { } q ? $"{(macs - q) / q * 100:+0.0;-0.0}%" : "–";
        string twin = "–", twinNodes = "–", twinParams = "–", twinMacs = "–";
        if (arch is not null && !ModelZoo.IsZooName(model))
        {
            var t = zoo.Load("zoo:" + arch.Name);
            (twin, twinNodes, twinParams, twinMacs) = ("zoo:" + arch.Name, t.Nodes.Count.ToString(), (t.ParamsTotal / 1e6).ToString("F3"), (t.MacsTotal / 1e9).ToString("F4"));
        }
        Console.WriteLine($"| {stem} | {g.Nodes.Count} | {g.ParamsTotal / 1e6:F3} | {macs:F4} | {convFc:F4} | {published} | {diff} | {twin} | {twinNodes} | {twinParams} | {twinMacs} | {loadMs:F0} |");
        var ops = g.Nodes.GroupBy(n => n.OpType).OrderByDescending(x => x.Count()).Select(x => $"{x.Key} {x.Count()}");
        Console.Error.WriteLine($"{stem}: {string.Join(", ", ops)}");
    }
    catch (Exception e)
    {
        failures++;
        Console.WriteLine($"| {stem} | load failed: {e.Message.ReplaceLineEndings(" ")} | | | | | | | | | | |");
    }
}
return failures == 0 ? 0 : 1;
