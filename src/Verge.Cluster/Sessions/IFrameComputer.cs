namespace Verge.Cluster.Sessions;

/// <summary>The work a session does for one frame (an edge stage of the device's plan); the silo host supplies it.</summary>
public interface IFrameComputer
{
    ValueTask<byte[]> ComputeAsync(string deviceId, FrameRequest frame, CancellationToken cancellationToken);

    /// <summary>The session persisted the frame's answer: from now on a retry of it is answered without computing.</summary>
    ValueTask AnsweredAsync(string deviceId, long frameId) => ValueTask.CompletedTask;
}
