using Google.Protobuf;
using Verge.Net.Protos;

namespace Verge.Bench.Fuzz;

/// <summary>Hostile messages of the stage service (verge.proto): loads, inferences, unloads, pings.</summary>
public static class StageMessages
{
    public const string Service = "/verge.net.StageService/";
    /// <summary>The stage every worker loads at start, so inference messages reach a real model.</summary>
    public const string BaseStage = "fuzz-base";
    private static readonly string[] HopUrls = ["http://127.0.0.1:1", "http://169.254.169.254/", "file:///etc/passwd", "not a url", "http://[::1]:0",
        "https://example.com", "", "http://127.0.0.1:1/../../x"];

    public static (string Method, IMessage Message) Create(Random rng)
    {
        var lenet = SeedModels.Instance.Named("lenet5");
        switch (rng.Next(10))
        {
            case < 3:
                return ("LoadStage", Load(rng));
            case < 8:
                return ("Infer", Infer(rng, lenet));
            case 8:
                return ("UnloadStage", new UnloadStageRequest { StageId = rng.Next(4) == 0 ? WireValues.Name(rng, "x") : $"fuzz-{rng.Next(8)}" });
            default:
                return ("Ping", new PingRequest { Payload = ByteString.CopyFrom(ByteMutations.Random(rng, rng.Next(0, 1 << 16))) });
        }
    }

    private static LoadStageRequest Load(Random rng)
    {
        var seeds = SeedModels.Instance.Models;
        var s = seeds[rng.Next(seeds.Count)];
        var model = rng.Next(3) == 0 ? s.Bytes : ModelMutator.Mutate(rng, s.Bytes, out _);
        var r = new LoadStageRequest
        {
            StageId = rng.Next(5) == 0 ? WireValues.Name(rng, "") : $"fuzz-{rng.Next(8)}",
            Model = ByteString.CopyFrom(model),
        };
        r.Inputs.Add(rng.Next(4) == 0 ? WireValues.Name(rng, s.Input) : s.Input);
        r.Outputs.Add(rng.Next(4) == 0 ? WireValues.Name(rng, s.Output) : s.Output);
        if (rng.Next(4) == 0)
            r.Next = new NextHop
            {
                Url = HopUrls[rng.Next(HopUrls.Length)], StageId = WireValues.Name(rng, BaseStage),
                BandwidthBps = WireValues.Double(rng), RttMs = WireValues.Double(rng), Codec = (Codec)rng.Next(-1, 5), Lz4 = rng.Next(2) == 0,
            };
        if (rng.Next(6) == 0)
            r.Exit = new ExitRule { Output = WireValues.Name(rng, s.Output), Threshold = WireValues.Double(rng), Measure = (ExitMeasure)rng.Next(-1, 4) };
        return r;
    }

    private static InferRequest Infer(Random rng, SeedModels.Seed lenet)
    {
        var r = new InferRequest
        {
            StageId = rng.Next(6) == 0 ? $"fuzz-{rng.Next(8)}" : BaseStage,
            FrameId = WireValues.Long(rng),
            ReplyCodec = rng.Next(4) == 0 ? (Codec)rng.Next(-1, 6) : Codec.Fp32,
            ReplyLz4 = rng.Next(3) == 0,
        };
        int tensors = rng.Next(6) == 0 ? rng.Next(0, 4) : 1;
        for (int i = 0; i < tensors; i++)
        {
            var shape = WireValues.Shape(rng, lenet.InputShape);
            var codec = rng.Next(3) == 0 ? (Codec)rng.Next(-1, 5) : Codec.Fp32;
            var t = new Tensor
            {
                Name = rng.Next(5) == 0 ? WireValues.Name(rng, lenet.Input) : lenet.Input,
                Dtype = rng.Next(5) == 0 ? WireValues.Int(rng) : 1,
                Codec = codec,
                Scale = WireValues.Float(rng),
                ZeroPoint = WireValues.Int(rng),
                Lz4 = rng.Next(5) == 0,
                Payload = ByteString.CopyFrom(WireValues.Payload(rng, shape, codec switch { Codec.Fp16 => 2, Codec.Int8 => 1, _ => 4 })),
            };
            t.Shape.Add(shape);
            r.Inputs.Add(t);
        }
        return r;
    }
}
