using Verge.Net.Running.Streams;
using Verge.Learning.Data;
using Verge.Learning.Export;

namespace Verge.Net.Benchmarks.Streams;

/// <summary>
/// <c>verge bench streams</c>: change detection and the result cache, knob allocation for 4–16 streams, shared stems,
/// Precog — each study on seeded streams built from Fashion-MNIST's test images, the models trained on its training set.
/// </summary>
public static class StreamsBench
{
    public static async Task<StreamsBenchReport> RunAsync(StreamsBenchOptions options, Action<string> log, CancellationToken ct)
    {
        var test = await FashionMnist.LoadTestAsync(options.DataDirectory, ct);
        var train = await FashionMnist.LoadTrainAsync(options.DataDirectory, ct);
        var frames = new StreamFrames(test);
        using var runner = new OnnxBatchRunner(options.ModelPath, options.Threads);

        var change = ChangeDetectionStudy.Run(options, frames, runner);
        foreach (var r in change)
            log($"change detection: {r.Stream}, {r.Technique}: {100 * r.OffloadedFraction:0.0} % sent, {100 * r.Accuracy:0.00} % vs {100 * r.AccuracyEveryFrame:0.00} % every frame");
        ct.ThrowIfCancellationRequested();
        var allocation = AllocationStudy.Run(options, frames, log, train);
        ct.ThrowIfCancellationRequested();
        var precog = PrecogStudy.Run(options, frames, train, runner);
        log($"precog: {100 * precog.LocalFraction:0.0} % on the device, {100 * precog.Accuracy:0.00} % vs {100 * precog.AccuracyOffload:0.00} % offloading");
        var stems = StemStudy.Run(options, train, test, log, ct);
        var eight = StreamsBenchReport.AcceptanceRow(allocation, AllocationStudy.Stationary);
        var changing = allocation.Any(r => r.Mix == AllocationStudy.Changing) ? StreamsBenchReport.AcceptanceRow(allocation, AllocationStudy.Changing) : null;
        return new StreamsBenchReport(options, change, allocation, stems, precog, StreamsAcceptance.Evaluate(change, eight, changing, stems, precog));
    }

    /// <summary>The allocation study alone (<c>--only allocation</c>, to iterate on it).</summary>
    public static async Task<IReadOnlyList<AllocationRow>> RunAllocationAsync(StreamsBenchOptions options, Action<string> log, CancellationToken ct)
    {
        var test = await FashionMnist.LoadTestAsync(options.DataDirectory, ct);
        var train = await FashionMnist.LoadTrainAsync(options.DataDirectory, ct);
        return AllocationStudy.Run(options, new StreamFrames(test), log, train);
    }
}
