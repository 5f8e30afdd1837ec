using Verge.Learning.Compression.Distillation;

namespace Verge.Learning.Federated.Codistillation;

/// <summary>
/// What a codistilling client distils from in one fit: the stale weights of the other groups' models (the teachers,
/// all of the student's architecture) and the distillation loss's temperature and weight.
/// </summary>
public sealed record CodistillTargets(IReadOnlyList<float[]> Teachers, DistillationOptions Options);
