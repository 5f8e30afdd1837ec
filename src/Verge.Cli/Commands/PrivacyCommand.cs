using System.CommandLine;
using System.Globalization;
using Verge.Core.Errors;
using Verge.Learning.Privacy.Accounting;

namespace Verge.Cli.Commands;

/// <summary>
/// <c>verge privacy epsilon</c>: the (ε, δ) that T steps of the Poisson-subsampled Gaussian mechanism spend (Rényi
/// accountant), or with <c>--target-epsilon</c> the noise multiplier that spends a given ε.
/// </summary>
internal static class PrivacyCommand
{
    private sealed record Report(double Epsilon, double EpsilonClassic, double Order, double OrderClassic, double Delta,
        double SampleRate, double Noise, long Steps);

    public static Command Create()
    {
        var command = new Command("privacy", "Differential privacy: the Rényi accountant of DP-SGD and DP federated averaging");
        command.Subcommands.Add(Epsilon());
        return command;
    }

    private static Command Epsilon()
    {
        var rate = new Option<double>("--sample-rate") { Description = "probability q that a step includes each example (batch / examples)", Required = true };
        var noise = new Option<double?>("--noise") { Description = "noise multiplier σ (noise std / clipping norm)" };
        var target = new Option<double?>("--target-epsilon") { Description = "instead of --noise: find the smallest σ that spends at most this ε" };
        var steps = new Option<long>("--steps") { Description = "number of steps T", Required = true };
        var delta = new Option<double>("--delta") { Description = "δ of the (ε, δ) guarantee", Required = true };
        var json = new Option<string?>("--json") { Description = "write {epsilon, epsilon_classic, order, …} to FILE ('-' for stdout)" };
        var command = new Command("epsilon",
            "ε spent by T steps of the subsampled Gaussian mechanism (Mironov et al. 2019). 'epsilon' is the tighter conversion of " +
            "Balle et al. 2020; 'epsilon_classic' is Mironov's ε = RDP + log(1/δ)/(α−1).");
        foreach (var o in new Option[] { rate, noise, target, steps, delta, json }) command.Options.Add(o);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            double q = r.GetValue(rate), d = r.GetValue(delta);
            long t = r.GetValue(steps);
            var sigma = r.GetValue(noise);
            var eps = r.GetValue(target);
            if (!(q > 0 && q <= 1)) throw new UsageException("--sample-rate must lie in (0, 1]; e.g. batch 256 of 60000 examples is 0.004267");
            if (!(d > 0 && d < 1)) throw new UsageException("--delta must lie in (0, 1); e.g. 1e-5, below 1/examples");
            if (t < 1) throw new UsageException("--steps must be at least 1");
            if ((sigma is null) == (eps is null)) throw new UsageException("give exactly one of --noise SIGMA and --target-epsilon E");
            if (sigma is { } s && !(s > 0 && double.IsFinite(s))) throw new UsageException("--noise must be positive");
            if (eps is { } e && !(e > 0 && double.IsFinite(e))) throw new UsageException("--target-epsilon must be positive");
            double noiseValue = sigma ?? FindNoise(eps!.Value, q, t, d);
            var spent = RdpAccountant.Epsilon(q, noiseValue, t, d);
            var report = new Report(spent.Epsilon, spent.EpsilonClassic, spent.Order, spent.OrderClassic, d, q, noiseValue, t);
            var jsonPath = r.GetValue(json);
            if (jsonPath != "-")
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"q {q:G6}, σ {noiseValue:G6}, {t} steps: (ε = {spent.Epsilon:F4}, δ = {d:G3}) at order {spent.Order:G4}; " +
                    $"classic conversion ε = {spent.EpsilonClassic:F4} at order {spent.OrderClassic:G4}"));
            await TrainCommand.WriteJsonAsync(report, jsonPath, ct);
            return 0;
        });
        return command;
    }

    private static double FindNoise(double epsilon, double q, long steps, double delta)
    {
        try { return NoiseCalibration.NoiseFor(epsilon, q, steps, delta); }
        catch (ArgumentOutOfRangeException)
        {
            throw new UsageException($"no noise multiplier up to 1e6 spends only ε = {epsilon.ToString(CultureInfo.InvariantCulture)}; raise --target-epsilon or lower --steps");
        }
    }
}
