using Google.Protobuf;
using Grpc.Core;
using Verge.Learning.Federated.SecureAggregation;
using Verge.Net.Federated.Protos;

namespace Verge.Net.Federated;

/// <summary>A device's answer to a secure-aggregation stage (advertise keys, share keys, unmask) over gRPC.</summary>
internal static class SecureStage
{
    public static async Task AnswerAsync(Protos.Federation.FederationClient federation, SecAggClient secure, TaskReply task, string session, Action<string> log,
        FederationClientOptions options, CancellationToken ct)
    {
        byte[] reply;
        try
        {
            reply = secure.Handle(task.SecureAggregation.ToByteArray());
        }
        catch (Exception e) when (e is SecureAggregationAbortedException or FormatException)
        {
            // The client refuses the request and sits the round out; the server's own threshold check decides the round.
            log($"client {options.ClientId}: round {task.Round}: {e.Message}");
            return;
        }
        try
        {
            var answer = await federation.SubmitSecureAggregationAsync(new SecureAggregationReply
            {
                ClientId = options.ClientId, Round = task.Round, Message = ByteString.CopyFrom(reply), Session = session,
            }, cancellationToken: ct);
            if (!answer.Accepted) log($"client {options.ClientId}: round {task.Round} secure-aggregation reply refused: {answer.Reason}");
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled
                                         or StatusCode.DeadlineExceeded)
        {
            log($"client {options.ClientId}: round {task.Round} secure-aggregation reply lost ({e.StatusCode}); polling again");
        }
    }
}
