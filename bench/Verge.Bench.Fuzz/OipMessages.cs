using Google.Protobuf;
using Verge.Net.Serving.Protocol;

namespace Verge.Bench.Fuzz;

/// <summary>Hostile messages of the Open Inference Protocol (grpc_service.proto) against the edge server's repository.</summary>
public static class OipMessages
{
    public const string Service = "/inference.GRPCInferenceService/";
    /// <summary>The model every worker's repository holds.</summary>
    public const string Model = "lenet5";
    private static readonly string[] Datatypes = ["FP32", "FP32", "FP32", "FP16", "FP64", "INT64", "INT32", "UINT8", "BOOL", "BYTES", "FOO", ""];
    private static readonly string[] Parameters = ["priority", "timeout", "binary_data_size", "sequence_id", "fuzz"];

    public static (string Method, IMessage Message) Create(Random rng)
    {
        var lenet = SeedModels.Instance.Named("lenet5");
        switch (rng.Next(12))
        {
            case < 7:
                return ("ModelInfer", Infer(rng, lenet));
            case 7:
                return ("ModelMetadata", new ModelMetadataRequest { Name = WireValues.Name(rng, Model), Version = Version(rng) });
            case 8:
                return ("ModelReady", new ModelReadyRequest { Name = WireValues.Name(rng, Model), Version = Version(rng) });
            case 9:
                return ("RepositoryIndex", new RepositoryIndexRequest { RepositoryName = WireValues.Name(rng, ""), Ready = rng.Next(2) == 0 });
            case 10:
                // Loads only: an unload of the one model would turn every later inference into NOT_FOUND.
                return ("RepositoryModelLoad", new RepositoryModelLoadRequest { RepositoryName = WireValues.Name(rng, ""), ModelName = WireValues.Name(rng, Model) });
            default:
                return (new[] { "ServerLive", "ServerReady", "ServerMetadata" }[rng.Next(3)], new ServerLiveRequest());
        }
    }

    private static string Version(Random rng) => new[] { "", "1", "-1", "99999999999999999999", "x" }[rng.Next(5)];

    private static ModelInferRequest Infer(Random rng, SeedModels.Seed lenet)
    {
        var r = new ModelInferRequest { ModelName = rng.Next(5) == 0 ? WireValues.Name(rng, Model) : Model, ModelVersion = rng.Next(4) == 0 ? Version(rng) : "", Id = WireValues.Name(rng, "f") };
        if (rng.Next(3) == 0) r.Parameters[Parameters[rng.Next(Parameters.Length)]] = Parameter(rng);
        int tensors = rng.Next(6) == 0 ? rng.Next(0, 4) : 1;
        bool raw = rng.Next(2) == 0;
        for (int i = 0; i < tensors; i++)
        {
            var shape = WireValues.Shape(rng, lenet.InputShape);
            var t = new ModelInferRequest.Types.InferInputTensor
            {
                Name = rng.Next(5) == 0 ? WireValues.Name(rng, lenet.Input) : lenet.Input,
                Datatype = Datatypes[rng.Next(Datatypes.Length)],
            };
            t.Shape.Add(shape);
            if (rng.Next(4) == 0) t.Parameters[Parameters[rng.Next(Parameters.Length)]] = Parameter(rng);
            var bytes = WireValues.Payload(rng, shape, 4);
            if (raw) r.RawInputContents.Add(ByteString.CopyFrom(bytes));
            else
            {
                t.Contents = new InferTensorContents();
                for (int k = 0; k + 4 <= bytes.Length; k += 4) t.Contents.Fp32Contents.Add(BitConverter.ToSingle(bytes, k));
                if (rng.Next(5) == 0) t.Contents.Int64Contents.Add(WireValues.Long(rng));
            }
            r.Inputs.Add(t);
        }
        if (rng.Next(3) == 0) r.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = WireValues.Name(rng, lenet.Output) });
        return r;
    }

    private static InferParameter Parameter(Random rng) => rng.Next(4) switch
    {
        0 => new InferParameter { Int64Param = WireValues.Long(rng) },
        1 => new InferParameter { DoubleParam = WireValues.Double(rng) },
        2 => new InferParameter { StringParam = WireValues.Name(rng, "1") },
        _ => new InferParameter { BoolParam = true },
    };
}
