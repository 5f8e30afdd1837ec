using System.Runtime.InteropServices;
using Verge.Core.Errors;

namespace Verge.Learning.Privacy.SecureMl;

/// <summary>One server's share of a training set on disk: rows, features, then the rows' and the labels' shares.</summary>
public static class ShareFile
{
    public static void Write(string path, int rows, int d, ulong[] x, ulong[] y)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        writer.Write(rows);
        writer.Write(d);
        writer.Write(MemoryMarshal.AsBytes(x.AsSpan()));
        writer.Write(MemoryMarshal.AsBytes(y.AsSpan()));
    }

    public static (int Rows, int D, ulong[] X, ulong[] Y) Read(string path)
    {
        if (!File.Exists(path)) throw new InputException($"share file '{path}' does not exist");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8) throw new InputException($"share file '{path}' is damaged: too short");
        int rows = BitConverter.ToInt32(bytes, 0), d = BitConverter.ToInt32(bytes, 4);
        if (rows <= 0 || d <= 0 || bytes.Length != 8 + 8L * rows * ((long)d + 1))
            throw new InputException($"share file '{path}' is damaged: {bytes.Length} bytes for {rows} rows of {d}");
        var words = MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan(8)).ToArray();
        return (rows, d, words[..(rows * d)], words[(rows * d)..]);
    }

    public static void WriteWords(string path, ulong[] words) => File.WriteAllBytes(path, MemoryMarshal.AsBytes(words.AsSpan()).ToArray());

    public static ulong[] ReadWords(string path) => MemoryMarshal.Cast<byte, ulong>(File.ReadAllBytes(path)).ToArray();
}
