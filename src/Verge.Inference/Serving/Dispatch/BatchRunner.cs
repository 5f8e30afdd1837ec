using Microsoft.ML.OnnxRuntime;
using Verge.Inference.Serving.Api;
using Verge.Inference.Serving.Scheduling;
using Verge.Inference.Serving.Scheduling.Freshness;

namespace Verge.Inference.Serving.Dispatch;

/// <summary>Runs one batch on one instance of its model: feeds concatenated, one ONNX Runtime run, outputs split back, counters and freshness updated.</summary>
internal static class BatchRunner
{
    public static void Run(ModelLane lane, List<PendingRequest> batch, int instance, TimeProvider time, StreamFreshness freshness,
        Action<ModelLane, int> finished)
    {
        var model = lane.Model;
        var counters = lane.Counters;
        var dispatched = time.GetUtcNow();
        try
        {
            var payloads = batch.Select(r => (RequestPayload)r.Payload!).ToList();
            var rows = batch.Select(r => r.Rows).ToList();
            foreach (var r in batch) counters.QueueTime.Record(dispatched - r.Arrival);

            List<NamedTensor>[] outputs;
            long start = time.GetTimestamp();
            var session = model.Sessions[instance];
            var names = session.OutputNames;
            using (var feeds = BatchAssembler.Feeds(model, payloads.Select(p => p.Inputs).ToList()))
            using (var options = new RunOptions())
            using (var results = session.Run(options, feeds.Names, feeds.Values, names))
                outputs = BatchAssembler.Split(model, names, results.ToList(), model.Batched ? rows : [1]);
            var compute = time.GetElapsedTime(start);
            counters.ComputeTime.Record(compute);
            int batchRows = model.Batched ? rows.Sum() : 1;
            if (model.Profile.MaxMeasured > 0) lane.Drift.Observe(model.Profile.Predict(batchRows), compute);
            counters.Ran(batchRows);

            // Counters and freshness first: whoever awaits an answer sees them updated.
            for (int i = 0; i < batch.Count; i++)
            {
                var r = batch[i];
                counters.Answer();
                if (r.StreamId is { } stream)
                    freshness.Answered(stream, r.Sequence, r.CaptureTime ?? r.Arrival);
            }
            for (int i = 0; i < batch.Count; i++)
            {
                payloads[i].Cancellation.Dispose();
                payloads[i].Completion.TrySetResult(new InferenceResult(model.Name, model.Version, outputs[i], dispatched - batch[i].Arrival, compute, batchRows));
            }
        }
        catch (Exception e)
        {
            counters.Fail(batch.Count);
            var error = e as ServingException ?? new ServingException(ServingError.ExecutionFailed,
                $"model '{model.Name}' version {model.Version}: ONNX Runtime failed on a batch of {batch.Count} ({e.Message.ReplaceLineEndings(" ")})", e);
            foreach (var r in batch)
            {
                var p = (RequestPayload)r.Payload!;
                p.Cancellation.Dispose();
                p.Completion.TrySetException(error);
            }
        }
        finally
        {
            finished(lane, instance);
        }
    }
}
