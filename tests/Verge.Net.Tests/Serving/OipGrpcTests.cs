using System.Runtime.InteropServices;
using Google.Protobuf;
using Grpc.Core;
using Verge.Net.Tests.Oip.Client;
using InputTensor = Verge.Net.Tests.Oip.Client.ModelInferRequest.Types.InferInputTensor;

namespace Verge.Net.Tests.Serving;

/// <summary>The Open Inference Protocol over gRPC, called with a client generated from the published proto.</summary>
public sealed class OipGrpcTests(EdgeServerFixture edge) : IClassFixture<EdgeServerFixture>
{
    private static ModelInferRequest DenseRequest(float[] x, int rows, bool raw)
    {
        var request = new ModelInferRequest { ModelName = "dense", Id = "r1" };
        var input = new InputTensor { Name = "x", Datatype = "FP32", Shape = { rows, 4 } };
        if (raw)
            request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(x.AsSpan())));
        else
            input.Contents = new InferTensorContents { Fp32Contents = { x } };
        request.Inputs.Add(input);
        return request;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DenseOutputsEqualOnnxRuntimeRunLocally(bool raw)
    {
        var x = OipModels.Floats(seed: 3, count: 2 * 4);
        var response = await edge.Grpc.ModelInferAsync(DenseRequest(x, rows: 2, raw));

        Assert.Equal("dense", response.ModelName);
        Assert.Equal("1", response.ModelVersion);
        Assert.Equal("r1", response.Id);
        var y = Assert.Single(response.Outputs);
        Assert.Equal(("y", "FP32"), (y.Name, y.Datatype));
        Assert.Equal([2L, 3L], y.Shape);
        float[] got = raw ? MemoryMarshal.Cast<byte, float>(response.RawOutputContents[0].Span).ToArray() : y.Contents.Fp32Contents.ToArray();
        Assert.Equal(OipModels.DenseLocally(x, 2), got);
        Assert.True(response.Parameters.ContainsKey("queue_us") && response.Parameters.ContainsKey("compute_us"));
    }

    [Fact]
    public async Task IntegerTensorsTravelInTheirTypedFields()
    {
        var request = new ModelInferRequest { ModelName = "ints" };
        request.Inputs.Add(new InputTensor { Name = "a", Datatype = "INT64", Shape = { 1, 2 }, Contents = new() { Int64Contents = { 10_000_000_000L, -7 } } });
        request.Inputs.Add(new InputTensor { Name = "b", Datatype = "INT32", Shape = { 1, 2 }, Contents = new() { IntContents = { 4, -2 } } });
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "product" });
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "sum" });

        var response = await edge.Grpc.ModelInferAsync(request);

        Assert.Equal(["product", "sum"], response.Outputs.Select(o => o.Name));
        Assert.Equal("INT32", response.Outputs[0].Datatype);
        Assert.Equal([12, -6], response.Outputs[0].Contents.IntContents);
        Assert.Equal("INT64", response.Outputs[1].Datatype);
        Assert.Equal([10_000_000_005L, -2], response.Outputs[1].Contents.Int64Contents);
    }

    [Fact]
    public async Task MetadataReportsNamesDatatypesAndShapes()
    {
        var dense = await edge.Grpc.ModelMetadataAsync(new ModelMetadataRequest { Name = "dense" });
        Assert.Equal(("dense", "onnxruntime_onnx"), (dense.Name, dense.Platform));
        Assert.Equal(["1"], dense.Versions);
        Assert.Equal(["x FP32 [-1,4]"], dense.Inputs.Select(Describe));
        Assert.Equal(["y FP32 [-1,3]"], dense.Outputs.Select(Describe));

        var ints = await edge.Grpc.ModelMetadataAsync(new ModelMetadataRequest { Name = "ints", Version = "1" });
        Assert.Equal(["a INT64 [1,2]", "b INT32 [1,2]"], ints.Inputs.Select(Describe));
        Assert.Equal(["sum INT64 [1,2]", "product INT32 [1,2]"], ints.Outputs.Select(Describe));

        var server = await edge.Grpc.ServerMetadataAsync(new ServerMetadataRequest());
        Assert.Equal("verge", server.Name);
        Assert.Contains("model_repository", server.Extensions);
        Assert.True((await edge.Grpc.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await edge.Grpc.ServerReadyAsync(new ServerReadyRequest())).Ready);
        Assert.True((await edge.Grpc.ModelReadyAsync(new ModelReadyRequest { Name = "dense" })).Ready);
    }

    [Fact]
    public async Task MalformedRequestsGetInvalidArgumentNamingTheField()
    {
        var tooMany = DenseRequest(OipModels.Floats(1, 5), rows: 1, raw: false);
        tooMany.Inputs[0].Shape[1] = 3;
        await AssertStatus(StatusCode.InvalidArgument, "input 'x': shape [1,3] needs 3 values, got 5", tooMany);

        var badType = DenseRequest(OipModels.Floats(1, 4), rows: 1, raw: false);
        badType.Inputs[0].Datatype = "FLOAT";
        await AssertStatus(StatusCode.InvalidArgument, "input 'x': datatype 'FLOAT' is not supported", badType);

        var wrongField = DenseRequest(OipModels.Floats(1, 4), rows: 1, raw: false);
        wrongField.Inputs[0].Contents = new InferTensorContents { IntContents = { 1, 2, 3, 4 } };
        await AssertStatus(StatusCode.InvalidArgument, "input 'x': FP32 values go in contents.fp32_contents, which is empty", wrongField);

        var shortRaw = DenseRequest(OipModels.Floats(1, 4), rows: 1, raw: true);
        shortRaw.RawInputContents[0] = ByteString.CopyFrom(new byte[10]);
        await AssertStatus(StatusCode.InvalidArgument, "input 'x': raw contents of shape [1,4] FP32 need 16 bytes, got 10", shortRaw);

        var extraRaw = DenseRequest(OipModels.Floats(1, 4), rows: 1, raw: true);
        extraRaw.RawInputContents.Add(ByteString.Empty);
        await AssertStatus(StatusCode.InvalidArgument, "raw_input_contents has 2 entries for 1 inputs", extraRaw);

        var badParameter = DenseRequest(OipModels.Floats(1, 4), rows: 1, raw: false);
        badParameter.Parameters["deadline_ms"] = new InferParameter { StringParam = "soon" };
        await AssertStatus(StatusCode.InvalidArgument, "parameter 'deadline_ms'", badParameter);

        var unknownOutput = DenseRequest(OipModels.Floats(1, 4), rows: 1, raw: false);
        unknownOutput.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "z" });
        await AssertStatus(StatusCode.InvalidArgument, "output 'z' is not an output of model 'dense'", unknownOutput);

        var badVersion = DenseRequest(OipModels.Floats(1, 4), rows: 1, raw: false);
        badVersion.ModelVersion = "latest";
        await AssertStatus(StatusCode.InvalidArgument, "model_version 'latest'", badVersion);
    }

    [Fact]
    public async Task UnknownModelIsNotFound()
    {
        var request = DenseRequest(OipModels.Floats(1, 4), rows: 1, raw: false);
        request.ModelName = "missing";
        await AssertStatus(StatusCode.NotFound, "model 'missing'", request);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await edge.Grpc.ModelMetadataAsync(new ModelMetadataRequest { Name = "missing" }));
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task StreamAndPriorityParametersAreAccepted()
    {
        var request = DenseRequest(OipModels.Floats(2, 4), rows: 1, raw: true);
        request.Parameters["stream_id"] = new InferParameter { StringParam = "cam-1" };
        request.Parameters["sequence"] = new InferParameter { Int64Param = 1 };
        request.Parameters["deadline_ms"] = new InferParameter { DoubleParam = 60_000 };
        var response = await edge.Grpc.ModelInferAsync(request, deadline: DateTime.UtcNow.AddMinutes(1));
        Assert.Single(response.RawOutputContents);
        Assert.Contains(edge.Host.Server.Streams(), s => s.StreamId == "cam-1" && s.Sequence == 1);
    }

    private static string Describe(ModelMetadataResponse.Types.TensorMetadata t) => $"{t.Name} {t.Datatype} [{string.Join(',', t.Shape)}]";

    private async Task AssertStatus(StatusCode code, string message, ModelInferRequest request)
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () => await edge.Grpc.ModelInferAsync(request));
        Assert.Equal(code, e.StatusCode);
        Assert.Contains(message, e.Status.Detail);
    }
}
