using Google.Protobuf;
using Verge.Net.Federated.Protos;

namespace Verge.Bench.Fuzz;

/// <summary>Hostile messages of the federated service (federated.proto): joins, task requests and updates from anyone.</summary>
public static class FederatedMessages
{
    public const string Service = "/verge.federated.Federation/";

    public static (string Method, IMessage Message) Create(Random rng) => rng.Next(3) switch
    {
        0 => ("Join", new JoinRequest { ClientId = WireValues.Int(rng), Samples = WireValues.Int(rng) }),
        1 => ("NextTask", new TaskRequest { ClientId = WireValues.Int(rng) }),
        _ => ("SubmitUpdate", Update(rng)),
    };

    private static UpdateRequest Update(Random rng)
    {
        // Payloads: garbage, or floats of plausible length with hostile values (1e30, NaN) as a poisoner sends.
        byte[] payload;
        if (rng.Next(2) == 0) payload = ByteMutations.Random(rng, rng.Next(0, 1 << 16));
        else
        {
            var values = new float[rng.Next(1, 120_000)];
            var v = WireValues.Float(rng);
            Array.Fill(values, v);
            payload = new byte[values.Length * 4];
            Buffer.BlockCopy(values, 0, payload, 0, payload.Length);
        }
        return new UpdateRequest
        {
            ClientId = WireValues.Int(rng), Round = WireValues.Int(rng), ModelVersion = WireValues.Long(rng),
            Payload = ByteString.CopyFrom(payload), Samples = WireValues.Int(rng), Steps = WireValues.Int(rng), TrainLoss = WireValues.Double(rng),
        };
    }
}
