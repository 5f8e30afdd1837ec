using Verge.Core.Deployment;
using Verge.Core.Spec;
using Verge.Net.Execution;

namespace Verge.Cli.Output;

/// <summary>The JSON shape of `verge run`.</summary>
internal static class RunJson
{
    public static object From(RunReport report, DeploymentSpec spec)
    {
        var match = report.OutputsMatch();
        return new
        {
            Spec = spec.Source,
            Model = spec.App.Model,
            Plan = report.Plan,
            Frames = report.Frames.Count,
            Codec = spec.App.Codec.Name(),
            Dilation = report.Dilation.Factor,
            Predicted = new { LatencyMs = Math.Round(report.PredictedLatencyMs, 3), UplinkBytes = report.PredictedUplinkBytes },
            RpcOverhead = new { FixedMs = Math.Round(report.Transport.FixedMs, 4), MsPerMegabyte = Math.Round(report.Transport.MsPerMegabyte, 4) },
            Measured = new
            {
                P50Ms = Round(report.Percentile(50)),
                P95Ms = Round(report.Percentile(95)),
                UplinkBytes = report.Frames.Where(f => f.Plan == report.Plan && !f.Fallback).Select(f => f.UplinkBytes).DefaultIfEmpty(0).Max(),
                TotalUplinkBytes = report.Frames.Sum(f => f.UplinkBytes),
            },
            OutputsMatch = spec.App.Codec == WireCodec.Fp32 ? (object)match.Exact : null,
            MaxRelativeDifference = match.MaxRelativeDifference,
            Top1Agreement = match.Top1Agreement,
            ComputedAt = report.Frames.GroupBy(f => f.ComputedAt).ToDictionary(g => g.Key, g => g.Count()),
            FallbackFrames = report.Frames.Count(f => f.Fallback),
            Segments = report.Segments.Select(s => new { s.Plan, s.FirstFrame, s.Frames, s.Network, PredictedMs = Round(s.PredictedLatencyMs), MeasuredP50Ms = Round(s.MeasuredP50Ms) }),
            Replans = report.Replans,
            PerFrame = report.Frames.Select(f => new
            {
                f.Frame, f.Plan, f.ComputedAt, TotalMs = Round(f.TotalMs), DeviceMs = Round(f.DeviceMs), NetworkMs = Round(f.NetworkMs),
                RemoteMs = Round(f.RemoteMs), f.UplinkBytes,
            }),
        };
    }

    private static double? Round(double v) => double.IsNaN(v) ? null : Math.Round(v, 3);
}
