using Google.Protobuf;
using Onnx;
using Verge.Inference.Graph.Building;

namespace Verge.Learning.Tests.Cli;

/// <summary>
/// `verge eval` reads models through the same gate as `inspect`: damaged, hostile or unloadable files get one line
/// and exit 3; external data is read only from the model's own folder.
/// </summary>
public sealed class EvalHostileModelTests
{
    private const int InputExit = 3;

    [Theory]
    [InlineData("empty")]
    [InlineData("random")]
    [InlineData("truncated")]
    [InlineData("text")]
    [InlineData("cyclic")]
    [InlineData("unknown-op")]
    [InlineData("external-escape")]
    [InlineData("external-absolute")]
    public void ABadModelIsOneLineAndExit3(string kind)
    {
        using var dir = new TempDir();
        var path = dir.File("model.onnx");
        File.WriteAllBytes(path, Bad(kind));
        AssertOneLine(ChildProcess.RunVerge("eval", path, "--limit", "20"), kind);
    }

    [Theory]
    [InlineData("inspect")]
    [InlineData("eval")]
    public void ExternalDataLeavingTheModelsFolderIsRefused(string command)
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("m"));
        File.WriteAllBytes(dir.File("outside.bin"), new byte[784 * 10 * 4]);
        var path = dir.File("m/model.onnx");
        File.WriteAllBytes(path, External(Model(), "../outside.bin").ToByteArray());
        var args = command == "eval" ? new[] { "eval", path, "--limit", "20" } : ["inspect", path];
        var r = ChildProcess.RunVerge(args);
        AssertOneLine(r, "escape");
        Assert.Contains("names external data file '../outside.bin' outside the model's folder", r.Stderr);
    }

    [Fact]
    public void ALinkInsideTheFolderPointingOutIsRefused()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("m"));
        File.WriteAllBytes(dir.File("outside.bin"), new byte[784 * 10 * 4]);
        File.CreateSymbolicLink(dir.File("m/weights.bin"), dir.File("outside.bin"));
        var path = dir.File("m/model.onnx");
        File.WriteAllBytes(path, External(Model(), "weights.bin").ToByteArray());
        var r = ChildProcess.RunVerge("inspect", path);
        AssertOneLine(r, "link");
        Assert.Contains("outside the model's folder", r.Stderr);
    }

    [Fact]
    public void ExternalDataBesideTheModelLoadsAndGivesTheSameAccuracy()
    {
        using var dir = new TempDir();
        var model = Model();
        var inline = dir.File("inline.onnx");
        File.WriteAllBytes(inline, model.ToByteArray());
        var weights = model.Graph.Initializer.Single(i => i.Name == "W");
        File.WriteAllBytes(dir.File("weights.bin"), weights.RawData.Length > 0 ? weights.RawData.ToByteArray() : Floats(weights));
        var external = dir.File("external.onnx");
        File.WriteAllBytes(external, External(model, "weights.bin").ToByteArray());

        Assert.Equal(0, ChildProcess.RunVerge("inspect", external).ExitCode);
        var a = ChildProcess.RunVerge("eval", inline, "--limit", "50");
        var b = ChildProcess.RunVerge("eval", external, "--limit", "50");
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(0, b.ExitCode);
        Assert.Equal(Accuracy(a.Stdout), Accuracy(b.Stdout));
    }

    private static string Accuracy(string stdout) => stdout[stdout.IndexOf("accuracy", StringComparison.Ordinal)..].Split(" on ")[0];

    private static void AssertOneLine(ChildResult r, string kind)
    {
        Assert.True(r.ExitCode == InputExit, $"{kind}: exit {r.ExitCode}: {r.Stderr}");
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("verge: ", lines[0]);
        Assert.DoesNotContain("internal error", lines[0]);
    }

    /// <summary>x[1,1,28,28] → Flatten → MatMul W[784,10] → y: the smallest model `eval` accepts.</summary>
    private static ModelProto Model()
    {
        var b = new OnnxBuilder("tiny", producer: "verge-tests");
        var x = b.Input("x", 1, 1, 28, 28);
        var rng = new Random(7);
        var w = b.Constant("W", [784, 10], Enumerable.Range(0, 7840).Select(_ => rng.NextSingle() - 0.5f).ToArray());
        b.Output(b.MatMul("y", b.Flatten("f", x), w));
        return b.Build();
    }

    private static byte[] Bad(string kind)
    {
        var whole = Model().ToByteArray();
        switch (kind)
        {
            case "empty": return [];
            case "random": { var bytes = new byte[4096]; new Random(3).NextBytes(bytes); return bytes; }
            case "truncated": return whole[..(whole.Length / 2)];
            case "text": return "this is not a model\n"u8.ToArray();
            case "external-escape": return External(Model(), "../../../etc/hostname").ToByteArray();
            case "external-absolute": return External(Model(), "/etc/hostname").ToByteArray();
        }
        var m = Model();
        if (kind == "cyclic") m.Graph.Node[0].Input[0] = m.Graph.Node[^1].Output[0];
        else m.Graph.Node[^1].OpType = "NoSuchOp";
        return m.ToByteArray();
    }

    private static ModelProto External(ModelProto model, string location)
    {
        var copy = model.Clone();
        var w = copy.Graph.Initializer.Single(i => i.Name == "W");
        w.RawData = ByteString.Empty;
        w.FloatData.Clear();
        w.DataLocation = TensorProto.Types.DataLocation.External;
        w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        return copy;
    }

    private static byte[] Floats(TensorProto t)
    {
        var bytes = new byte[t.FloatData.Count * 4];
        Buffer.BlockCopy(t.FloatData.ToArray(), 0, bytes, 0, bytes.Length);
        return bytes;
    }
}
