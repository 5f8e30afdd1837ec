using Verge.Inference.Serving.Api;
using Verge.Inference.Serving.Scheduling;

namespace Verge.Inference.Serving.Dispatch;

/// <summary>The one-line messages of requests the scheduler turned away: what happened and what to do.</summary>
internal static class Rejections
{
    public static ServingException For(ModelLane? lane, PendingRequest r, RejectReason reason, string? why, long newer = 0)
    {
        var model = lane is null ? "model" : $"model '{lane.Model.Name}'";
        return reason switch
        {
            RejectReason.QueueFull => new(ServingError.QueueFull, $"{model}: queue full ({lane?.Queue.Options.MaxSize} requests at priority {r.Priority}); retry later or raise queue.max_size"),
            RejectReason.TimedOut => new(ServingError.TimedOut, $"{model}: request #{r.Id} waited past its deadline; give a longer deadline or send less load"),
            RejectReason.Inadmissible => new(ServingError.Inadmissible, $"{model}: refused at admission, {why}; give a longer deadline or retry later"),
            RejectReason.Superseded => new(ServingError.Superseded, $"stream '{r.StreamId}': frame {r.Sequence} replaced by newer frame {newer} before it ran"),
            _ => new(ServingError.Superseded, $"stream '{r.StreamId}': frame {r.Sequence} is not newer than the stream's queued frame; send frames in order"),
        };
    }
}
