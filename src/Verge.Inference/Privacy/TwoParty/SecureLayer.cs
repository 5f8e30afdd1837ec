namespace Verge.Inference.Privacy.TwoParty;

/// <summary>
/// One layer of a model as the two-party protocol runs it, on one frame of shape C×H×W (a vector is C×1×1).
/// Conv and Gemm are linear (their weights are <see cref="SecureModel.Weights"/>[<see cref="Linear"/>]); Relu and
/// MaxPool use the secure comparison; Flatten moves no data.
/// </summary>
public sealed record SecureLayer(string Name, string Op, int InC, int InH, int InW, int OutC, int OutH, int OutW)
{
    public int KernelH { get; init; } = 1;
    public int KernelW { get; init; } = 1;
    public int StrideH { get; init; } = 1;
    public int StrideW { get; init; } = 1;
    public int PadTop { get; init; }
    public int PadLeft { get; init; }
    /// <summary>Index into the model's linear weights, -1 for a layer without weights.</summary>
    public int Linear { get; init; } = -1;

    public int InSize => InC * InH * InW;
    public int OutSize => OutC * OutH * OutW;
    public override string ToString() => $"{Op} {InC}x{InH}x{InW}->{OutC}x{OutH}x{OutW} k{KernelH}x{KernelW} s{StrideH}x{StrideW} p{PadTop},{PadLeft}";
}
