namespace Verge.Cluster.Sessions;

/// <summary>The work a session does for one frame (an edge stage of the device's plan); the silo host supplies it.</summary>
public interface IFrameComputer
{
    ValueTask<byte[]> ComputeAsync(string deviceId, FrameRequest frame, CancellationToken cancellationToken);
}
