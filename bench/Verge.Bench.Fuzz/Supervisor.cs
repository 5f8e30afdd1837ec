using System.Diagnostics;

namespace Verge.Bench.Fuzz;

/// <summary>
/// Runs each category's cases through worker processes: a case that kills its worker is a crash, one that gets no
/// answer in time is a hang (the worker is killed); either way a fresh worker takes the next case. Cases are
/// dealt round-robin to <see cref="FuzzOptions.Workers"/> workers; the tallies do not depend on that number.
/// </summary>
public sealed class Supervisor(FuzzOptions options, Action<string> log)
{
    public async Task<IReadOnlyList<CategoryTally>> RunAsync()
    {
        var tallies = new List<CategoryTally>();
        foreach (var category in options.Categories)
        {
            var tally = new CategoryTally(category);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, options.Workers).Select(w => SlotAsync(category, w, tally)));
            tally.Elapsed = clock.Elapsed;
            log($"{category}: {tally.Total} inputs in {tally.Elapsed.TotalSeconds:F0} s — {Describe(tally)}");
            tallies.Add(tally);
        }
        return tallies;
    }

    public static string Describe(CategoryTally t) => string.Join(", ", Enum.GetValues<Outcome>().Select(o => $"{o} {t[o]}"));

    private async Task SlotAsync(string category, int slot, CategoryTally tally)
    {
        WorkerProcess? worker = null;
        try
        {
            for (int i = slot; i < options.Count; i += options.Workers)
            {
                worker ??= await WorkerProcess.StartAsync(category, options.Seed, options.Startup);
                var watch = Stopwatch.StartNew();
                var (result, failure, why) = await worker.RunAsync(i, options.Timeout);
                var c = Cases.Create(category, options.Seed, i);
                if (result is null)
                {
                    result = new CaseResult(i, failure, c.Target, why);
                    worker.Dispose();
                    worker = null;
                }
                tally.Add(c, result);
                if (options.Verbose) log($"  {category} #{i} {watch.ElapsedMilliseconds} ms {result.Outcome}: {c.Target}, {c.Mutation} -> {result.Detail}");
                if (result.Outcome is Outcome.Crash or Outcome.Hang or Outcome.InternalError)
                {
                    log($"  {category} #{i} {result.Outcome}: {c.Target}, {c.Mutation} -> {result.Detail}");
                    if (options.Findings is not null) Findings.Save(options.Findings, options.Seed, c, result);
                }
            }
        }
        finally
        {
            worker?.Dispose();
        }
    }
}
