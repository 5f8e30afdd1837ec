using System.Text;
using Google.Protobuf;

namespace Verge.Bench.Fuzz;

/// <summary>
/// Wire mutants: messages of the stage, federated and Open Inference Protocol services (field-level hostile values,
/// then sometimes byte damage), REST bodies, and raw bytes (garbage, HTTP/1 at an HTTP/2 port, bad HTTP/2 frames).
/// Targets read "PORT|/package.Service/Method", "rest|PATH" or "raw|PORT" with PORT one of stage, fed, rest.
/// </summary>
public static class WireMutator
{
    public static FuzzCase Create(int seed, int index)
    {
        var rng = new Random(Mix.Of(seed, index, 3));
        int kind = rng.Next(20);
        if (kind < 16)
        {
            var (port, service, (method, message)) = (kind % 3) switch
            {
                0 => ("stage", StageMessages.Service, StageMessages.Create(rng)),
                1 => ("fed", FederatedMessages.Service, FederatedMessages.Create(rng)),
                _ => ("stage", OipMessages.Service, OipMessages.Create(rng)),
            };
            var bytes = message.ToByteArray();
            var what = $"{message.Descriptor.Name} with hostile fields";
            if (rng.Next(10) < 3)
            {
                bytes = ByteMutations.Apply(rng, bytes, out var damage);
                what += $"; then {damage}";
            }
            return new FuzzCase("wire", index, $"{port}|{service}{method}", what, bytes, ".bin");
        }
        if (kind < 18)
        {
            var body = RestBody(rng, out var what);
            return new FuzzCase("wire", index, $"rest|/v2/models/{(rng.Next(6) == 0 ? "nope" : OipMessages.Model)}/infer", what, Encoding.UTF8.GetBytes(body), ".json");
        }
        var target = new[] { "stage", "fed", "rest" }[rng.Next(3)];
        var raw = Raw(rng, target == "rest", out var rawWhat);
        return new FuzzCase("wire", index, $"raw|{target}", rawWhat, raw, ".bin");
    }

    private static string RestBody(Random rng, out string what)
    {
        var lenet = SeedModels.Instance.Named("lenet5");
        var shape = WireValues.Shape(rng, lenet.InputShape);
        long n = shape.Aggregate(1L, (a, d) => d is > 0 and < 4096 ? Math.Min(a * d, 1 << 16) : a);
        var data = string.Join(",", Enumerable.Range(0, (int)n).Select(_ => rng.Next(8) == 0 ? "\"x\"" : rng.NextSingle().ToString("R")));
        var datatype = new[] { "FP32", "FP32", "INT64", "BYTES", "FOO" }[rng.Next(5)];
        var json = $"{{\"inputs\":[{{\"name\":\"{lenet.Input}\",\"shape\":[{string.Join(",", shape)}],\"datatype\":\"{datatype}\",\"data\":[{data}]}}]}}";
        what = $"REST infer, shape [{string.Join(",", shape)}], {datatype}";
        switch (rng.Next(4))
        {
            case 0:
            {
                int depth = rng.Next(10, 100_000);
                what = $"REST body nested {depth} deep";
                return "{\"inputs\":" + new string('[', depth) + new string(']', depth) + "}";
            }
            case 1:
                var b = ByteMutations.Apply(rng, Encoding.UTF8.GetBytes(json), out var damage);
                what += $"; then {damage}";
                return Encoding.UTF8.GetString(b);
            default:
                return json;
        }
    }

    private static byte[] Raw(Random rng, bool http1Port, out string what)
    {
        switch (rng.Next(5))
        {
            case 0:
                what = "raw random bytes";
                return ByteMutations.Random(rng, rng.Next(1, 8192));
            case 1:
                what = "HTTP/1.1 request with a huge header";
                return Encoding.ASCII.GetBytes($"GET /v2/health/live HTTP/1.1\r\nHost: x\r\nX-Fuzz: {new string('a', rng.Next(1, 200_000))}\r\n\r\n");
            case 2:
                what = "HTTP/1.1 POST claiming a huge body that never comes";
                return Encoding.ASCII.GetBytes($"POST /v2/models/{OipMessages.Model}/infer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n{{\"inputs\":");
            case 3:
            {
                // The HTTP/2 preface, then frames of random type, flags and stream with lengths that lie.
                what = "HTTP/2 preface and random frames";
                var sb = new List<byte>(Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
                for (int f = rng.Next(1, 8); f > 0; f--)
                {
                    int len = rng.Next(0, 64);
                    sb.AddRange([(byte)(len >> 16), (byte)(len >> 8), (byte)len, (byte)rng.Next(0, 12), (byte)rng.Next(256), 0, 0, 0, (byte)rng.Next(0, 8)]);
                    sb.AddRange(ByteMutations.Random(rng, rng.Next(0, 64)));
                }
                return [.. sb];
            }
            default:
                what = http1Port ? "HTTP/1.1 chunked garbage" : "HTTP/1.1 at an HTTP/2-only port";
                return Encoding.ASCII.GetBytes($"POST /inference.GRPCInferenceService/ModelInfer HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFF\r\n{new string('z', rng.Next(0, 1000))}");
        }
    }
}
