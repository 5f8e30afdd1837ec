// Offloads a ResNet-18-sized activation (layer3 output, 1×256×14×14 float, 196 KiB) from a device agent to an edge
// node on loopback through an emulated link, for several links and codecs, and compares the measured end-to-end
// latency with what the link model predicts (RTT + bytes·8/bandwidth each way + remote compute).
// Real time, real Kestrel, real ONNX Runtime. Usage: dotnet run -c Release --project bench/Verge.Bench.Link [-- FRAMES]
using System.Globalization;
using Google.Protobuf;
using Onnx;
using Verge.Net.Device;
using Verge.Net.Hosting;
using Verge.Net.Links;
using Verge.Net.Stages;
using Verge.Net.Wire;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
int frames = args.Length > 0 ? int.Parse(args[0]) : 5;
long[] shape = [1, 256, 14, 14];
var stage = new StageModel("pool", PoolModel(shape), ["a"], ["p"]);
var rng = new Random(1);
var activation = new float[256 * 14 * 14];
for (int i = 0; i < activation.Length; i++) activation[i] = MathF.Max(0, rng.NextSingle() * 2 - 1); // ReLU output: half zeros
var input = new FloatTensor("a", shape, activation);

(string Name, LinkParameters Link)[] links =
[
    ("loopback, no shaping", LinkParameters.Unlimited),
    ("Wi-Fi 100 Mbit/s, 5 ms", LinkParameters.FromMbps(100, 5)),
    ("LTE 20 Mbit/s, 30 ms", LinkParameters.FromMbps(20, 30)),
    ("3G 5 Mbit/s, 60 ms", LinkParameters.FromMbps(5, 60)),
];
string[] codecs = ["fp32", "fp16", "int8", "int8+lz4"];

await using var edge = await NodeHost.StartAsync(new NodeHostOptions("edge"));
Console.WriteLine($"Frames per cell: {frames} (after one warm-up). Host: {Environment.ProcessorCount} cores.");
Console.WriteLine();
Console.WriteLine("| link | codec | uplink bytes | predicted (ms) | measured mean (ms) | error | network (ms) | remote compute (ms) |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
foreach (var (name, link) in links)
    foreach (var codec in codecs)
    {
        using var agent = await DeviceAgent.StartAsync(new DeviceAgentOptions
        {
            FullModel = stage.Model,
            RemoteUrl = edge.Url,
            RemoteStageId = "pool",
            RemoteStage = (stage, null),
            Uplink = link,
            Encoding = TensorEncoding.Parse(codec),
        });
        await agent.InferAsync([input]);
        double total = 0, predicted = 0, network = 0, compute = 0;
        long up = 0;
        for (int f = 0; f < frames; f++)
        {
            var r = await agent.InferAsync([input]);
            if (r.Fallback) throw new InvalidOperationException($"frame fell back: {agent.LastError}");
            total += r.Total.TotalMilliseconds;
            network += r.Network.TotalMilliseconds;
            compute += r.RemoteCompute.TotalMilliseconds;
            predicted += (link.Rtt + link.TransmitTime(r.UplinkBytes) + link.TransmitTime(r.DownlinkBytes) + r.RemoteCompute).TotalMilliseconds;
            up = r.UplinkBytes;
        }
        Console.WriteLine($"| {name} | {codec} | {up:N0} | {predicted / frames:0.0} | {total / frames:0.0} | {(total - predicted) / predicted:+0.0%;-0.0%} | {network / frames:0.0} | {compute / frames:0.00} |");
    }
return 0;

static byte[] PoolModel(long[] shape)
{
    var graph = new GraphProto { Name = "pool" };
    graph.Input.Add(Value("a", shape));
    graph.Output.Add(Value("p", [shape[0], shape[1], 1, 1]));
    var relu = new NodeProto { OpType = "Relu", Name = "relu" };
    relu.Input.Add("a");
    relu.Output.Add("r");
    var pool = new NodeProto { OpType = "GlobalAveragePool", Name = "pool" };
    pool.Input.Add("r");
    pool.Output.Add("p");
    graph.Node.Add(relu);
    graph.Node.Add(pool);
    var model = new ModelProto { IrVersion = 8, Graph = graph };
    model.OpsetImport.Add(new OperatorSetIdProto { Version = 13 });
    return model.ToByteArray();
}

static ValueInfoProto Value(string name, long[] dims)
{
    var s = new TensorShapeProto();
    foreach (var d in dims) s.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
    return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = s } } };
}
