using Google.Protobuf;
using Grpc.Core;
using Onnx;
using Verge.Net.Client;
using Verge.Net.Hosting;
using Verge.Net.Links;
using Verge.Net.Protos;
using Verge.Net.Stages;

namespace Verge.Net.Tests.Security;

/// <summary>
/// A stage whose weights name an external data file would make ONNX Runtime read that file relative to the server's
/// working directory and hand its bytes back as outputs; a node refuses any model with external data.
/// </summary>
public sealed class ExternalDataStageTests
{
    [Theory]
    [InlineData("../../README.md")]
    [InlineData("README.md")]
    [InlineData("/etc/hostname")]
    public async Task AStageNamingAnExternalDataFileIsRefusedAsInvalid(string location)
    {
        await using var node = await NodeHost.StartAsync(new NodeHostOptions("edge"));
        using var client = NodeClient.Connect(node.Url, LinkParameters.Unlimited);
        var stage = new StageModel("cloud", Pointing(TestModels.Cloud, location), ["g"], ["y"]);

        var e = await Assert.ThrowsAsync<RpcException>(() => client.LoadStageAsync(stage));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains($"names external data file '{location}'; models sent to a node must carry their weights inline", e.Status.Detail);
        Assert.DoesNotContain('\n', e.Status.Detail);
        // Nothing was loaded: inference on that stage finds no stage.
        await Assert.ThrowsAsync<RpcException>(() => client.InferAsync(new InferRequest { StageId = "cloud" }));
    }

    [Fact]
    public async Task TheSameStageWithItsWeightsInlineStillLoads()
    {
        await using var node = await NodeHost.StartAsync(new NodeHostOptions("edge"));
        using var client = NodeClient.Connect(node.Url, LinkParameters.Unlimited);
        Assert.Equal("cloud", (await client.LoadStageAsync(TestModels.CloudStage)).StageId);
    }

    /// <summary>The model with its first initializer moved to <paramref name="location"/>, as ONNX's external data.</summary>
    private static byte[] Pointing(byte[] model, string location)
    {
        var proto = ModelProto.Parser.ParseFrom(model);
        var w = proto.Graph.Initializer[0];
        long bytes = w.RawData.Length > 0 ? w.RawData.Length : w.FloatData.Count * 4L;
        w.RawData = ByteString.Empty;
        w.FloatData.Clear();
        w.DataLocation = TensorProto.Types.DataLocation.External;
        w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        w.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = "0" });
        w.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = bytes.ToString() });
        return proto.ToByteArray();
    }
}
