using Grpc.Core;
using Verge.Net.Protos;
using Verge.Net.Wire;

namespace Verge.Net.Hosting;

/// <summary>
/// The cap on a whole request, checked from the declared shapes before anything is decompressed or allocated:
/// the per-tensor cap alone let many tensors (or one LZ4 payload per tensor) in one request claim gigabytes (issue 17).
/// </summary>
internal static class RequestLimits
{
    /// <summary>
    /// What decoding <paramref name="inputs"/> allocates: 4 bytes per element for the floats, plus the decompressed
    /// payload of every LZ4 tensor; refused with INVALID_ARGUMENT naming the limit when over <paramref name="limit"/>.
    /// Call after <see cref="CheckElements"/>, whose cap keeps this sum from overflowing.
    /// </summary>
    public static long CheckDecodedBytes(IEnumerable<Tensor> inputs, long limit, string node)
    {
        long total = 0;
        foreach (var t in inputs)
        {
            long n = 1;
            foreach (var d in t.Shape) n = d <= 0 ? 0 : n * d;
            total += n * 4 + (t.Lz4 && Enum.IsDefined(t.Codec) ? n * TensorCodec.ElementBytes(t.Codec) : 0);
        }
        if (total > limit)
            throw WireErrors.Invalid($"the request's inputs decode to {total} bytes, more than node {node}'s limit of {limit} bytes per request (--max-request-mb); send smaller tensors");
        return total;
    }

    public static void CheckElements(IEnumerable<Tensor> inputs, long limit, string node)
    {
        long total = 0;
        foreach (var t in inputs)
        {
            long n = 1;
            foreach (var d in t.Shape)
            {
                if (d <= 0) { n = 0; break; } // empty, or negative (refused by the decoder with its own message)
                n = n > limit / d ? limit + 1 : n * d;
            }
            total = Math.Min(total + n, limit + 1);
        }
        if (total > limit)
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"the request's inputs declare more than {limit} elements in all, the limit of node {node}; send fewer or smaller tensors"));
    }
}
