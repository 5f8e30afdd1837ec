using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Verge.Core.Spec;

namespace Verge.Cli.Options;

/// <summary>
/// The allowed range of every numeric flag of every command, in one place, checked while the command line is
/// parsed (exit 2, one line naming the flag and the range). The upper bounds keep a typo from hanging or
/// exhausting the host: --threads 100000 started that many ONNX Runtime threads, --runs 2147483647 allocated
/// that many timings. A test walks the command tree and fails for a numeric flag missing here.
/// </summary>
public static class FlagRanges
{
    private const double Int = int.MaxValue;

    /// <summary>Ranges by flag; "command --flag" where one command means something else by the same flag.</summary>
    private static readonly Dictionary<string, NumberRange> Ranges = new(StringComparer.Ordinal)
    {
        // Work per run: threads, repetitions, sizes.
        ["--threads"] = new(1, 256),
        ["--runs"] = new(1, 100_000),
        ["--frames"] = new(1, 1_000_000),
        ["--frame"] = SpecLimits.Frame,
        ["--samples"] = new(1, 100_000),
        ["--calib-samples"] = new(1, 1_000_000),
        ["--limit"] = new(0, 10_000_000),
        ["--train-limit"] = new(0, 10_000_000),
        ["--test-limit"] = new(-1, 10_000_000), // fl server: -1 skips evaluation
        ["--finetune-limit"] = new(0, 10_000_000),
        ["--seed"] = new(int.MinValue, Int),
        // serve --cluster: Orleans' silo and gateway ports.
        ["--silo-port"] = new(1, 65_535),
        ["--gateway-port"] = new(1, 65_535),
        // bench cluster: devices streaming at once, and when a silo dies or a device moves (0: half of --frames).
        ["bench cluster --devices"] = new(1, 1_000),
        ["bench cluster --kill-at-frame"] = new(0, 1_000_000),
        ["bench cluster --move-after-frames"] = new(1, 1_000_000),
        // Training.
        ["--epochs"] = new(1, 10_000),
        ["--base-epochs"] = new(1, 10_000),
        ["--finetune-epochs"] = new(0, 10_000),
        ["--student-epochs"] = new(1, 10_000),
        ["--branchy-epochs"] = new(1, 10_000),
        ["--shadow-epochs"] = new(1, 10_000),
        ["--dp-epochs"] = new(1, 10_000),
        ["--shadow-batch"] = new(1, 65_536),
        ["--shadows"] = new(0, 256),
        ["--batch"] = new(1, 65_536),
        ["--lr"] = new(0, 100),
        ["--momentum"] = new(0, 1),
        ["--temperature"] = new(1e-3, 1_000),
        ["train --alpha"] = new(0, 1),
        ["bench compress --alpha"] = new(0, 1),
        ["--percentile"] = new(0, 100),
        ["--target-accuracy"] = new(0, 1),
        // Federated learning.
        ["--alpha"] = new(0, 1e6),
        ["--clients"] = new(1, 1_000),
        ["--min-clients"] = new(1, 1_000),
        ["--client-id"] = new(0, 999),
        ["--attackers"] = new(0, 1_000),
        ["--backup"] = new(0, 1_000),
        ["--edges"] = new(1, 1_000),
        ["--rounds"] = new(1, 100_000),
        ["--local-steps"] = new(1, 1_000_000),
        ["--local-epochs"] = new(0, 10_000),
        ["--fraction"] = new(0, 1),
        ["--sync-threshold"] = new(0, 1e6),
        ["--budget"] = new(0, 1e9),
        ["--tau-max"] = new(1, 100_000),
        ["--tau-phi"] = new(1e-12, 1e12),
        ["--groups"] = new(2, 1_000),
        ["--codistill-every"] = new(1, 100_000),
        ["--codistill-burn-in"] = new(0, 100_000),
        ["--codistill-alpha"] = new(0, 1),
        ["--codistill-temperature"] = new(1e-3, 1_000),
        // Training-data noise (std of pixels in [0, 1]) and its augmentation copies.
        ["--data-noise"] = new(0, 10),
        ["--data-noise-copies"] = new(1, 100),
        ["bench data-noise --members"] = new(1, 60_000),
        ["bench data-noise --non-members"] = new(1, 60_000),
        ["--device-speed"] = new(1e-6, 1e9),
        ["--dilation"] = new(1, SpecLimits.Speed.Max), // time dilation k: at least 1, at most the fastest speed a spec may give
        ["--cloud-speed"] = new(0, SpecLimits.Speed.Max), // bench dilation: 0 keeps the spec's
        ["--uplink-mbps"] = new(1e-6, 1e6),
        ["--downlink-mbps"] = new(1e-6, 1e6),
        ["--round-timeout"] = new(1e-3, 86_400),
        ["--patience"] = new(0, 86_400),
        ["--async-mixing"] = new(1e-6, 1),
        ["--staleness-exponent"] = new(0, 16),
        ["--peer-id"] = new(0, 999),
        ["--peers"] = new(2, 1_000),
        ["--exchange-timeout"] = new(1e-3, 86_400),
        ["--linger"] = new(0, 86_400),
        // Differential privacy (0 passes through to the commands' own checks, which word the open bounds).
        ["--noise"] = new(0, 1e6),
        ["--dp-seed"] = new(0, Int),
        ["--target-epsilon"] = new(0, 1e6),
        ["--clip"] = new(0, 1e6),
        ["--steps"] = new(1, 1e12),
        // Secure aggregation (0: the protocol's own default; the protocol checks the threshold against the graph).
        ["--secagg-threshold"] = new(0, 100_000),
        ["--secagg-neighbours"] = new(0, 100_000),
        ["--secagg-clip"] = new(1e-6, 1e6),
        // Noisy features (bench noisy-features; the experiment checks the images against half the training set).
        ["bench noisy-features --cut-after"] = new(0, 1_000),
        ["bench noisy-features --owner-images"] = new(1, 10_000_000),
        ["bench noisy-features --attacker-images"] = new(1, 10_000_000),
        ["bench noisy-features --test-images"] = new(1, 10_000_000),
        ["bench noisy-features --fine-tune-epochs"] = new(1, 10_000),
        ["bench noisy-features --decoder-epochs"] = new(1, 10_000),
        ["bench noisy-features --nullification"] = new(0, 0.95),
        ["bench noisy-features --adversary-weight"] = new(0, 1_000),
        ["noisy-train --cut-after"] = new(0, 1_000),
        ["run --cut"] = new(0, 1_000_000), // a cut id of 'verge cuts'; whether the model has it is checked against the model
        ["noisy-train --epsilon"] = new(1e-3, 1e6),
        ["noisy-train --nullification"] = new(0, 0.95),
        ["noisy-train --owner-images"] = new(1, 10_000_000),
        ["noisy-train --test-images"] = new(1, 10_000_000),
        ["noisy-train --fine-tune-epochs"] = new(1, 10_000),
        ["noisy-train --adversary-weight"] = new(0, 1_000),
        // Split learning (split-train device; bench split-learning).
        ["split-train device --epsilon"] = new(1e-3, 1e6),
        ["split-train device --nullification"] = new(0, 0.95),
        ["split-train device --cut-after"] = new(0, 1_000),
        ["split-train device --train-images"] = new(1, 10_000_000),
        ["split-train device --test-images"] = new(1, 10_000_000),
        ["bench split-learning --cut-after"] = new(0, 1_000),
        ["bench split-learning --owner-images"] = new(1, 10_000_000),
        ["bench split-learning --attacker-images"] = new(1, 10_000_000),
        ["bench split-learning --test-images"] = new(1, 10_000_000),
        ["bench split-learning --decoder-epochs"] = new(1, 10_000),
        ["bench split-learning --nullification"] = new(0, 0.95),
        // Serving and load.
        ["--instances"] = new(1, 256),
        ["--max-request-mb"] = new(1, 1e6),
        ["--max-inflight-mb"] = new(1, 1e6),
        ["--quorum-wait"] = new(0, 86_400),
        ["--seconds"] = new(1e-3, 86_400),
        ["--warmup-seconds"] = new(0, 86_400),
        ["--soak-seconds"] = new(0, 604_800),
        ["--soak-streams"] = new(1, 100_000),
        ["--overload"] = new(1e-3, 1_000),
        ["--deadline-factor"] = new(1e-3, 1_000),
        ["--speed"] = SpecLimits.Speed,
        ["--link-mbps"] = new(1e-6, 1e6),
        ["--rtt-ms"] = SpecLimits.RttMs,
        ["--max-message-mb"] = new(1, 2047),
        ["--max-stages"] = new(1, 100_000),
        ["--concurrency"] = new(1, 4_096),
        ["--streams"] = new(0, 100_000),
        ["--rate"] = new(1e-3, 1e7),
        ["--duration"] = new(1e-3, 86_400),
        ["--deadline-ms"] = new(1e-3, 3_600_000),
        // The benchmark repository and MLPerf-style scenarios.
        ["--last"] = new(1, 10_000_000),
        ["--min-duration"] = new(1e-3, 86_400),
        ["--min-queries"] = new(1, 100_000_000),
        ["--queries"] = new(1, 100_000_000),
        ["--latency-bound-ms"] = new(1e-3, 3_600_000),
        ["--search-steps"] = new(1, 30),
        ["bench infer --warmup"] = new(0, 100_000),
        // Streams (verge bench streams).
        ["--profile-frames"] = new(1, 1_000_000),
        ["--windows"] = new(2, 1000),
        ["--timed-frames"] = new(1, 1_000_000),
        ["--precog-frames"] = new(1, 1_000_000),
        ["--backbone-epochs"] = new(1, 10_000),
        ["--head-epochs"] = new(1, 10_000),
        // Private protocols (2pc inference, SecureML).
        ["--party"] = new(0, 1),
        ["--party-seed"] = new(0, Int),
        ["--fault-round"] = new(1, 1_000_000),
        ["--key-bits"] = new(256, 4096),
        ["--he-frames"] = new(1, 10_000),
        ["--hidden"] = new(1, 256),
        ["private-train --train"] = new(0, 10_000_000),
        ["private-train --test"] = new(0, 10_000_000),
    };

    /// <summary>Flags whose command words a sharper range itself, with open bounds (--prune in [0, 1), --sample-rate in (0, 1], --delta in (0, 1)).</summary>
    private static readonly HashSet<string> CheckedByCommand = new(StringComparer.Ordinal) { "--prune", "--sample-rate", "--delta" };

    /// <summary>Whether the flag's range is declared here or checked by its command (FlagRangesTests: true for every numeric flag).</summary>
    public static bool IsDeclared(string command, Option option) => For(command, option) is not null || CheckedByCommand.Contains(option.Name);

    /// <summary>Adds the range check to every numeric option under <paramref name="root"/> (FlagRangesTests: every one has a range).</summary>
    public static void Apply(Command root)
    {
        foreach (var (command, option) in NumericOptions(root))
            if (For(command, option) is { } range)
                option.Validators.Add(result => Check(result, option.Name, range));
    }

    /// <summary>The range declared for a flag of a command ("fl simulate"), or null when none is.</summary>
    public static NumberRange? For(string command, Option option) =>
        Ranges.GetValueOrDefault($"{command} {option.Name}") ?? Ranges.GetValueOrDefault(option.Name);

    /// <summary>Every option that takes a number, with the path of the command it belongs to ("fl simulate").</summary>
    public static IEnumerable<(string Command, Option Option)> NumericOptions(Command root)
    {
        var stack = new Stack<(Command, string)>([(root, "")]);
        while (stack.Count > 0)
        {
            var (command, path) = stack.Pop();
            foreach (var option in command.Options)
                if (IsNumeric(option.ValueType)) yield return (path, option);
            foreach (var sub in command.Subcommands)
                stack.Push((sub, path.Length == 0 ? sub.Name : $"{path} {sub.Name}"));
        }
    }

    private static bool IsNumeric(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(float));

    private static void Check(OptionResult result, string flag, NumberRange range)
    {
        // A token that is not a number at all is the parser's own error ("Cannot parse argument 'ten'").
        foreach (var token in result.Tokens)
            if (double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && !range.Contains(x))
                result.AddError($"{flag} {token.Value} is out of range; give {range}");
    }
}
