using System.Globalization;
using System.Text.Json;
using Verge.Learning.Privacy.NoisyFeatures;

namespace Verge.Learning.Tests.Cli;

/// <summary>`verge bench noisy-features --markdown`: each noisy row shows its gap to the clean row with the gap's standard error, and its PSNR drop.</summary>
public sealed class BenchNoisyCliTests
{
    [Fact]
    public void The_table_gives_each_rows_accuracy_gap_with_its_standard_error_and_its_psnr_drop()
    {
        using var dir = new TempDir("verge-bench-noisy-");
        var md = dir.File("noisy.md");
        var r = ChildProcess.RunVerge("bench", "noisy-features", "--cut-after", "2", "--owner-images", "256", "--attacker-images", "128",
            "--test-images", "120", "--epochs", "1", "--fine-tune-epochs", "1", "--decoder-epochs", "1", "--decoders", "mlp",
            "--epsilons", "1", "--markdown", md, "--json", "-");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var rows = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("rows");
        double cleanAcc = rows[0].GetProperty("accuracy_fine_tuned").GetDouble(), noisyAcc = rows[1].GetProperty("accuracy_fine_tuned").GetDouble();
        double cleanPsnr = rows[0].GetProperty("psnr").GetDouble(), noisyPsnr = rows[1].GetProperty("psnr").GetDouble();

        var page = File.ReadAllText(md);
        Assert.Contains("| gap to clean ± SE (points) |", page);
        Assert.Contains("n = 120 test images", page);
        var inv = CultureInfo.InvariantCulture;
        string gap = ((cleanAcc - noisyAcc) * 100).ToString("F1", inv), se = NoisyFeatureResult.GapStandardError(cleanAcc, noisyAcc, 120).ToString("F1", inv);
        var noisyRow = page.Split('\n').Single(l => l.StartsWith("| 1 |", StringComparison.Ordinal));
        Assert.Contains($"| {gap} ± {se} |", noisyRow);
        Assert.Contains($"| {(cleanPsnr - noisyPsnr).ToString("F2", inv)} |", noisyRow);
        Assert.Contains("| — |", page.Split('\n').Single(l => l.StartsWith("| ∞ (clean) |", StringComparison.Ordinal)));
    }
}
