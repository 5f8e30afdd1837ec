using System.Buffers.Binary;
using System.IO.Compression;
using Verge.Core.Errors;

namespace Verge.Inference.Data;

/// <summary>
/// Reads the IDX format of MNIST-style data sets (unsigned-byte payload), gzip-compressed (<c>.gz</c>) or not: the
/// one reader behind training data and int8 calibration images.
/// </summary>
public static class IdxReader
{
    /// <summary>
    /// The dimensions and raw bytes of an IDX file; with <paramref name="limit"/> &gt; 0 only its first
    /// <paramref name="limit"/> items (the first dimension shrinks to match).
    /// </summary>
    public static (int[] Dims, byte[] Data) Read(string path, int limit = 0, CancellationToken ct = default)
    {
        try
        {
            using var file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
            Span<byte> header = stackalloc byte[4];
            stream.ReadExactly(header);
            if (header[0] != 0 || header[1] != 0 || header[2] != 0x08)
                throw new InputException($"'{path}' is not an unsigned-byte IDX file (magic {Convert.ToHexString(header)})");
            var dims = new int[header[3]];
            var dimBytes = new byte[4 * dims.Length];
            stream.ReadExactly(dimBytes);
            for (int i = 0; i < dims.Length; i++) dims[i] = BinaryPrimitives.ReadInt32BigEndian(dimBytes.AsSpan(4 * i));
            if (limit > 0 && dims.Length > 0) dims[0] = Math.Min(dims[0], limit);
            long total = 1;
            foreach (var d in dims) total *= d;
            ct.ThrowIfCancellationRequested();
            var data = new byte[total];
            stream.ReadExactly(data);
            return (dims, data);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new InputException($"'{path}' is truncated or not a valid IDX file ({e.Message}); reinstall dataset-fashion-mnist");
        }
    }

    /// <summary><see cref="Read"/> off the calling thread.</summary>
    public static Task<(int[] Dims, byte[] Data)> ReadAsync(string path, int limit = 0, CancellationToken ct = default) =>
        Task.Run(() => Read(path, limit, ct), ct);
}
