using Google.Protobuf;
using Onnx;
using Verge.Inference.Graph.Building;
using Verge.Results;

namespace Verge.Results.Tests;

/// <summary>A one-MatMul model (microseconds a query) and a temporary folder, so scenario tests cost no time.</summary>
internal sealed class Tiny : IDisposable
{
    public Tiny()
    {
        Dir = Directory.CreateTempSubdirectory("verge-results-test-").FullName;
        var g = new GraphProto { Name = "tiny" };
        g.Input.Add(OnnxProtos.FloatValue("x", [1, 4]));
        g.Output.Add(OnnxProtos.FloatValue("y", [1, 3]));
        g.Initializer.Add(OnnxProtos.Floats("W", [4, 3], new float[12]));
        g.Node.Add(OnnxProtos.Node("MatMul", "matmul", ["x", "W"], ["y"]));
        var m = new ModelProto { IrVersion = 8, Graph = g, ProducerName = "verge-tests" };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        Model = Path.Combine(Dir, "tiny.onnx");
        File.WriteAllBytes(Model, m.ToByteArray());
        Db = Path.Combine(Dir, "results.db");
    }

    public string Dir { get; }
    public string Model { get; }
    public string Db { get; }

    public static ResultRecord Record(string system, string command = "bench infer", double p90 = 1.5, string commit = "abc123") => new(
        Guid.NewGuid().ToString("N"), new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero), command, $"verge {command} zoo:resnet18", commit,
        new SystemDescriptor(system, "AMD EPYC", 2, 1L << 34, "Linux", ".NET 10", "1.31.1", "cpu"),
        new ModelDescriptor("zoo:resnet18", "ab12", 1_800_000_000, 11_000_000), "single-stream",
        """{"--scenario":"single-stream"}""", $$"""{"p90_ms":{{p90}},"queries":100}""", null);

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
