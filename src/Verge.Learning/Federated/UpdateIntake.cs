using Verge.Learning.Federated.Codecs;

namespace Verge.Learning.Federated;

/// <summary>
/// The server's gate: decodes an <see cref="UpdateEnvelope"/> and accepts it only if it belongs to this round,
/// was computed from the current model version, comes from a client the round asked, has the model's shape and
/// holds only finite numbers, within the norm and sample bounds of <see cref="IntakeLimits"/>. A rejection carries a one-line reason for the log; it is never averaged in.
/// </summary>
public sealed class UpdateIntake(int modelLength, IntakeLimits? limits = null)
{
    public int ModelLength { get; } = modelLength;
    public IntakeLimits Limits { get; } = limits ?? new IntakeLimits();

    /// <param name="allowStale">Asynchronous strategies accept updates computed from any earlier version (and round).</param>
    public (ClientUpdate? Update, string? Rejection) Accept(UpdateEnvelope envelope, int round, long modelVersion, IReadOnlySet<int> expectedClients,
        bool allowStale = false)
    {
        if (CheckHeader(envelope, round, modelVersion, expectedClients, allowStale) is { } rejection) return (null, rejection);
        float[] delta;
        try
        {
            delta = UpdateCodec.Decode(envelope.Payload);
        }
        catch (FormatException e)
        {
            return (null, $"client {envelope.ClientId} sent a malformed update: {e.Message}");
        }
        if (delta.Length != ModelLength)
            return (null, $"client {envelope.ClientId} sent {delta.Length} values, the model has {ModelLength}");
        for (int i = 0; i < delta.Length; i++)
            if (!float.IsFinite(delta[i]))
                return (null, $"client {envelope.ClientId} sent a non-finite value ({delta[i]}) at index {i}");
        // Squares of large finite floats overflow to infinity, which the comparison refuses as well.
        double norm = Aggregation.Norm(delta);
        if (!(norm <= Limits.MaxUpdateNorm))
            return (null, $"client {envelope.ClientId} sent an update of norm {norm:G3}, more than the limit of {Limits.MaxUpdateNorm:G3}");
        if (envelope.Estimate?.Problem() is { } problem) return (null, $"client {envelope.ClientId} sent bad adaptive-τ estimates: {problem}");
        return (new ClientUpdate(envelope.ClientId, envelope.Round, envelope.ModelVersion, delta, envelope.Samples, envelope.Steps,
            envelope.TrainLoss, envelope.WireBytes) { Estimate = envelope.Estimate }, null);
    }

    /// <summary>
    /// The checks that need no decoding (who, which round and model version, sample count): all a server can check of a
    /// masked update under secure aggregation. Null, or the one-line reason.
    /// </summary>
    public string? CheckHeader(UpdateEnvelope envelope, int round, long modelVersion, IReadOnlySet<int> expectedClients, bool allowStale = false)
    {
        if (!expectedClients.Contains(envelope.ClientId))
            return $"client {envelope.ClientId} was not asked to train in round {round}";
        if (envelope.Round != round && !allowStale)
            return $"client {envelope.ClientId} sent an update for round {envelope.Round}, the current round is {round}";
        if (allowStale ? envelope.ModelVersion > modelVersion || envelope.ModelVersion < 0 : envelope.ModelVersion != modelVersion)
            return $"client {envelope.ClientId} trained model version {envelope.ModelVersion}, the current one is {modelVersion}";
        if (envelope.Samples < 0 || envelope.Steps < 0)
            return $"client {envelope.ClientId} reported {envelope.Samples} samples and {envelope.Steps} steps";
        if (envelope.Samples > Limits.MaxSamples)
            return $"client {envelope.ClientId} claimed {envelope.Samples} samples, more than the limit of {Limits.MaxSamples}";
        return null;
    }
}
