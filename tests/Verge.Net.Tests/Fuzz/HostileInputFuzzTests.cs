using Verge.Bench.Fuzz;

namespace Verge.Net.Tests.Fuzz;

/// <summary>
/// Issue 17's fuzzers on a fixed seed and a small count per category (the bench runs 10,000): every mutant model,
/// spec and wire message ends in a clean error or a success — no crash, no hang, no internal error. Cases run in
/// supervised worker processes, so a crash fails the test instead of killing the test host.
/// </summary>
public sealed class HostileInputFuzzTests
{
    private const int Seed = 17;

    // PENDING (issue 17, 29 Nov 2026): each category still finds bugs owned by branches not yet in main; the lead
    // removes a Skip once its fixes are merged and this test passes (docs/results/hostile-input.md lists them).
    [Theory]
    [InlineData("models", 150)]
    [InlineData("specs", 40)]
    [InlineData("wire", 150, Skip = "pending (unowned): a request that is not a valid protobuf gets UNKNOWN 'Exception was thrown by handler', not INVALID_ARGUMENT")]
    public async Task NoCrashHangOrInternalError(string category, int count)
    {
        var findings = Directory.CreateTempSubdirectory("verge-fuzz-findings-").FullName;
        // The timeout is a hang guard per input, not a timing assertion: a mutant that needs longer is a hang either way.
        var options = new FuzzOptions([category], count, Seed) { Timeout = TimeSpan.FromSeconds(20), Findings = findings };
        var tally = (await new Supervisor(options, _ => { }).RunAsync()).Single();
        Assert.Equal(count, tally.Total);
        var report = string.Join("\n", tally.Findings.Select(f =>
            $"#{f.Case.Index} {f.Result.Outcome}: {f.Case.Target}, {f.Case.Mutation} -> {f.Result.Detail} (replay: Verge.Bench.Fuzz.dll --replay {category} {Seed} {f.Case.Index})"));
        Assert.True(tally.Bad == 0, $"{category}: {Supervisor.Describe(tally)}; inputs saved in {findings}\n{report}");
        Directory.Delete(findings, recursive: true);
    }
}
