namespace Verge.Net.Benchmarks.Codecs;

/// <summary>
/// What `verge bench codecs` holds fixed while it sweeps codecs: the setting of issue #18's acceptance (FedAvg,
/// 10 clients, Dirichlet α = 0.5, cnn-small, 20 local steps of momentum SGD — `verge fl simulate`'s defaults),
/// and which rounds of each run the table reports.
/// </summary>
public sealed record CodecSweepSettings
{
    /// <summary>The full sweep: the fp32 baseline, 8-bit, top-k with and without quantised values, DGC (fixed and as it was), sparse ternary.</summary>
    public static IReadOnlyList<string> DefaultCodecs { get; } =
    [
        "fp32", "q8", "topk:0.01+ef", "topk:0.01:q8+ef", "dgc:0.001", "dgc:0.001:m=0.9", "stc:0.01", "stc:0.02", "stc:0.035",
    ];

    public IReadOnlyList<string> Codecs { get; init; } = DefaultCodecs;

    /// <summary>Rounds at which accuracy and cumulative uplink are reported; each codec runs once, to the largest.</summary>
    public IReadOnlyList<int> Rounds { get; init; } = [10, 20, 30];

    public int Clients { get; init; } = 10;
    public double Alpha { get; init; } = 0.5;
    public string Model { get; init; } = "cnn-small";
    public int Seed { get; init; }
    public int TestLimit { get; init; }

    public int MaxRounds => Rounds.Max();
}
