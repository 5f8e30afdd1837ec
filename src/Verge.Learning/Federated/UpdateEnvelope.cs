namespace Verge.Learning.Federated;

/// <summary>
/// A client's update as it travels: the codec's serialized bytes (their length is the uplink cost) plus the few
/// numbers the server needs to weigh and validate it.
/// </summary>
public sealed record UpdateEnvelope(int ClientId, int Round, long ModelVersion, byte[] Payload, int Samples, int Steps, double TrainLoss);
