namespace Verge.Inference.Serving.Scheduling.Freshness;

/// <summary>A stream's freshest answered frame and its age of information now.</summary>
public sealed record StreamAge(string StreamId, long Sequence, TimeSpan Age);
