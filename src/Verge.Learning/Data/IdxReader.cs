using System.Buffers.Binary;
using System.IO.Compression;
using Verge.Core.Errors;

namespace Verge.Learning.Data;

/// <summary>Reads the IDX format of MNIST-style data sets (unsigned-byte payload), gzip-compressed or not.</summary>
public static class IdxReader
{
    /// <summary>Returns the dimensions and the raw bytes of an IDX file.</summary>
    public static async Task<(int[] Dims, byte[] Data)> ReadAsync(string path, CancellationToken ct = default)
    {
        await using var file = File.OpenRead(path);
        Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        await using var _ = stream;
        var header = new byte[4];
        await stream.ReadExactlyAsync(header, ct);
        if (header[0] != 0 || header[1] != 0 || header[2] != 0x08)
            throw new InputException($"'{path}' is not an unsigned-byte IDX file (magic {Convert.ToHexString(header)})");
        var dims = new int[header[3]];
        var dimBytes = new byte[4 * dims.Length];
        await stream.ReadExactlyAsync(dimBytes, ct);
        long total = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(dimBytes.AsSpan(4 * i));
            total *= dims[i];
        }
        var data = new byte[total];
        await stream.ReadExactlyAsync(data, ct);
        return (dims, data);
    }
}
