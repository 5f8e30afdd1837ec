using Verge.Inference.Serving.Api;
using Verge.Inference.Serving.Repository;

namespace Verge.Net.Serving;

/// <summary>
/// What both transports add to an answer beyond the outputs: the server-side split of its latency as response
/// parameters (<c>queue_us</c>, <c>compute_us</c>, <c>batch_size</c>; `verge load` reads them), and the outputs a
/// request asked for.
/// </summary>
public static class OipAnswers
{
    public const string QueueUs = "queue_us", ComputeUs = "compute_us", BatchSize = "batch_size";

    public static IEnumerable<(string Key, long Value)> Of(InferenceResult result)
    {
        yield return (QueueUs, (long)(result.QueueTime.Ticks / 10));
        yield return (ComputeUs, (long)(result.ComputeTime.Ticks / 10));
        yield return (BatchSize, result.BatchSize);
    }

    /// <summary>Refuses, before the model runs, a requested output the model does not have.</summary>
    public static void CheckRequested(ServedModel model, IReadOnlyList<string> requested)
    {
        foreach (var name in requested)
            if (!model.Outputs.Any(o => o.Name == name))
                throw ServingStatus.Invalid($"output '{name}' is not an output of model '{model.Name}'; outputs: {string.Join(", ", model.Outputs.Select(o => o.Name))}");
    }

    /// <summary>The outputs named in <paramref name="requested"/> in that order, or all when none is named.</summary>
    public static IReadOnlyList<NamedTensor> Requested(InferenceResult result, IReadOnlyList<string> requested)
    {
        if (requested.Count == 0) return result.Outputs;
        return requested.Select(name => result.Outputs.FirstOrDefault(o => o.Name == name)
            ?? throw ServingStatus.Invalid($"output '{name}' is not an output of model '{result.Model}'; outputs: {string.Join(", ", result.Outputs.Select(o => o.Name))}"))
            .ToList();
    }
}
