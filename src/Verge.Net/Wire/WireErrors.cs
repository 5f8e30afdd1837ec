using Grpc.Core;

namespace Verge.Net.Wire;

/// <summary>Rejections of malformed wire messages: always InvalidArgument, with a message that names the problem.</summary>
internal static class WireErrors
{
    public static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
