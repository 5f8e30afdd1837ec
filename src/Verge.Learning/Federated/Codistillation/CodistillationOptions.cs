using Verge.Core.Errors;
using Verge.Learning.Compression.Distillation;

namespace Verge.Learning.Federated.Codistillation;

/// <summary>
/// Codistillation's knobs (Anil et al., ICLR 2018): <see cref="Groups"/> models trained side by side (client c in
/// group c mod G), each group's clients distilling from stale copies of the other groups' models, refreshed every
/// <see cref="Every"/> rounds after <see cref="BurnIn"/> rounds of plain training. The distillation term is
/// <see cref="Distiller"/>'s: α·T²·KL(teachers_T ‖ student_T) + (1 − α)·CE; α = 0 trains G independent FedAvg groups.
/// </summary>
public sealed record CodistillationOptions(int Groups = 2, int Every = 1, int BurnIn = 2, float Temperature = 1f, float Alpha = 0.5f)
{
    public DistillationOptions Distillation => new(Temperature, Alpha);

    public CodistillationOptions Validate(int clients)
    {
        if (Groups < 2) throw new UsageException($"codistillation needs at least 2 groups, got {Groups}; use --groups 2 or more") { Term = "--groups" };
        if (Groups > clients) throw new UsageException($"{Groups} groups leave some without a client among {clients}; use --groups ≤ --clients") { Term = "--groups" };
        if (Every < 1) throw new UsageException($"--codistill-every {Every} must be at least 1 round") { Term = "--codistill-every" };
        if (BurnIn < 0) throw new UsageException($"--codistill-burn-in {BurnIn} must be 0 or more rounds") { Term = "--codistill-burn-in" };
        Distillation.Validate();
        return this;
    }

    /// <summary>True when the teachers are refreshed at the end of <paramref name="round"/> (rounds count from 1).</summary>
    public bool RefreshesAfter(int round) => round >= BurnIn && (round - BurnIn) % Every == 0;
}
