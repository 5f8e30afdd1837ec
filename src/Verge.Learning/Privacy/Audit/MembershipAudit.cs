using System.Diagnostics;
using Verge.Learning.Data;

namespace Verge.Learning.Privacy.Audit;

/// <summary>
/// Audits a trained classifier for membership inference, the way ML Privacy Meter wires it: signals from the model
/// (<see cref="MembershipSignals"/>), attacks as pure functions of them (<see cref="LossThresholdAttack"/>,
/// <see cref="OfflineLira"/>), the ROC apart (<see cref="RocCurve"/>). Members come first in every score array.
/// </summary>
public static class MembershipAudit
{
    /// <param name="Shadows">0: the loss attack only; otherwise K shadow models for offline LiRA.</param>
    public sealed record Options(int Shadows, ShadowModels.Recipe? ShadowRecipe, int Threads);

    /// <param name="population">Images the shadows train on (random halves); none of them may be audited.</param>
    public static async Task<AuditResult> RunAsync(string modelPath, ImageDataset members, ImageDataset nonMembers, ImageDataset? population,
        Options options, Action<int, double>? onShadow = null, CancellationToken ct = default)
    {
        var audited = Concat(members, nonMembers);
        var target = ModelLogits.Signals(modelPath, audited, options.Threads, ct, out var correct);
        double memberAccuracy = Share(correct.AsSpan(0, members.Count)), nonMemberAccuracy = Share(correct.AsSpan(members.Count));
        var attacks = new List<AttackResult> { AttackResult.From(LossThresholdAttack.Name, LossThresholdAttack.Scores(target.Loss), members.Count) };
        double shadowSeconds = 0;
        if (options.Shadows > 0)
        {
            if (options.ShadowRecipe is null || population is null) throw new ArgumentException("shadow models need a recipe and a population");
            var watch = Stopwatch.StartNew();
            var shadows = await ShadowModels.ScaledConfidenceAsync(options.ShadowRecipe, options.Shadows, population, audited, options.Threads, onShadow, ct);
            shadowSeconds = watch.Elapsed.TotalSeconds;
            attacks.Add(AttackResult.From(OfflineLira.Name, OfflineLira.Scores(target.ScaledConfidence, shadows), members.Count));
        }
        return new AuditResult(members.Count, nonMembers.Count, memberAccuracy, nonMemberAccuracy, options.Shadows, shadowSeconds, attacks);
    }

    private static double Share(ReadOnlySpan<bool> flags)
    {
        int n = 0;
        foreach (bool f in flags) if (f) n++;
        return (double)n / flags.Length;
    }

    private static ImageDataset Concat(ImageDataset a, ImageDataset b) =>
        a with { Pixels = [.. a.Pixels, .. b.Pixels], Labels = [.. a.Labels, .. b.Labels] };
}
