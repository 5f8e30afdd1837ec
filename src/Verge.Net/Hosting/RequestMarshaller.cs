using Google.Protobuf;
using Grpc.Core;

namespace Verge.Net.Hosting;

/// <summary>
/// A request marshaller whose parse failure is the caller's error: grpc-dotnet passes an <see cref="RpcException"/>
/// thrown while deserializing through as the call's status, where any other exception becomes UNKNOWN (issue 17).
/// </summary>
internal static class RequestMarshaller
{
    public static Marshaller<T> Wrap<T>(Marshaller<T> inner) => new(inner.ContextualSerializer, context =>
    {
        try
        {
            return inner.ContextualDeserializer(context);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"request is not a valid {typeof(T).Name} protobuf: {e.Message}; send a serialized {typeof(T).Name}"));
        }
    });
}
