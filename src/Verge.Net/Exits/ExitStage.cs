namespace Verge.Net.Exits;

/// <summary>
/// The part of a multi-exit model one tier runs: from the tensors it receives to its exit head
/// (<see cref="Exit"/>, e.g. <c>exit1</c>; <c>final</c> at the last tier) and the features that continue upward.
/// </summary>
public sealed record ExitStage(string Exit, IReadOnlyList<string> Inputs, IReadOnlyList<string> Continuing, byte[] Model)
{
    /// <summary>Everything the stage's model outputs: the exit first, then the continuing features.</summary>
    public IReadOnlyList<string> Outputs => [Exit, .. Continuing];
}
