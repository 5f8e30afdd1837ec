using System.Collections.Concurrent;
using Verge.Cluster.Sessions;

namespace Verge.Cluster.Tests;

/// <summary>
/// A frame's work shared by every silo of one test: counts how often each (device, frame) is computed, so a test can
/// see a frame computed twice across silos. Its output is a fixed function of the input and the frame id.
/// </summary>
public sealed class CountingComputer : IFrameComputer
{
    public ConcurrentDictionary<(string Device, long Frame), int> Computations { get; } = new();

    public ValueTask<byte[]> ComputeAsync(string deviceId, FrameRequest frame, CancellationToken cancellationToken)
    {
        Computations.AddOrUpdate((deviceId, frame.FrameId), 1, (_, n) => n + 1);
        return ValueTask.FromResult(Expected(frame.FrameId, frame.Input));
    }

    public static byte[] Expected(long frameId, byte[] input) =>
        [.. input.Select(b => (byte)(b + 1)), .. BitConverter.GetBytes(frameId)];
}
