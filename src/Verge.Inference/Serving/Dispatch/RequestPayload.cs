using Verge.Inference.Serving.Api;

namespace Verge.Inference.Serving.Dispatch;

/// <summary>What a queued request carries past the scheduler: its tensors and the completion its caller awaits.</summary>
internal sealed class RequestPayload(IReadOnlyList<NamedTensor> inputs, string shapeKey)
{
    public IReadOnlyList<NamedTensor> Inputs { get; } = inputs;

    /// <summary>Requests with equal keys can share a batch (<see cref="BatchAssembler.ShapeKey"/>).</summary>
    public string ShapeKey { get; } = shapeKey;

    public TaskCompletionSource<InferenceResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CancellationTokenRegistration Cancellation { get; set; }
}
