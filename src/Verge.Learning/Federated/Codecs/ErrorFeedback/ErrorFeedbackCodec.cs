namespace Verge.Learning.Federated.Codecs;

/// <summary>
/// Error feedback (Seide et al., Interspeech 2014; Karimireddy et al., ICML 2019): what a lossy codec did not
/// send this time is kept in a residual and added to the next update, so compression delays information
/// instead of dropping it. Encodes with <see cref="Inner"/>; the payload is the inner codec's.
/// </summary>
public sealed class ErrorFeedbackCodec(UpdateCodec inner) : UpdateCodec
{
    private float[]? _residual;

    public UpdateCodec Inner { get; } = inner;
    public override string Name => Inner.Name + "+ef";

    /// <summary>The not-yet-sent remainder (update plus old residual minus what the receiver decodes).</summary>
    public ReadOnlySpan<float> Residual => _residual;

    public override byte[] Encode(ReadOnlySpan<float> update)
    {
        if (_residual is null || _residual.Length != update.Length) _residual = new float[update.Length];
        Aggregation.AddScaled(_residual, update, 1f);
        var payload = Inner.Encode(_residual);
        var sent = Decode(payload);
        Aggregation.AddScaled(_residual, sent, -1f);
        return payload;
    }
}
