using System.Runtime.InteropServices;
using Verge.Core.Errors;
using Verge.Core.Files;

namespace Verge.Learning.Training;

/// <summary>
/// The one file format for named float arrays (training and federation checkpoints): a magic string, the caller's
/// header fields, then blocks of (count, then name, length and raw values per array). Files are written to a
/// temporary file, flushed to disk and renamed over the old one (<see cref="AtomicFile"/>), so a crash mid-write leaves the previous file intact.
/// </summary>
public static class NamedArrayFile
{
    /// <summary>Writes <paramref name="magic"/> and whatever <paramref name="body"/> writes, atomically.</summary>
    public static void Write(string path, string magic, Action<BinaryWriter> body)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(magic);
            body(writer);
        }, "checkpoint");
    }

    /// <summary>Opens <paramref name="path"/>, checks its magic and lets <paramref name="body"/> read the rest.</summary>
    public static T Read<T>(string path, string magic, string what, Func<BinaryReader, T> body)
    {
        if (!File.Exists(path)) throw new InputException($"{what} '{path}' does not exist");
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadString() != magic) throw new InputException($"'{path}' is not a Verge {what}");
            return body(reader);
        }
        catch (EndOfStreamException)
        {
            throw new InputException($"{what} '{path}' is truncated; delete it to start over");
        }
    }

    public static void WriteArrays(BinaryWriter writer, IReadOnlyList<(string Name, float[] Values)> arrays)
    {
        writer.Write(arrays.Count);
        foreach (var (name, values) in arrays)
        {
            writer.Write(name);
            writer.Write(values.Length);
            writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        }
    }

    /// <summary>Reads a block of arrays as they were saved.</summary>
    public static List<(string Name, float[] Values)> ReadArrays(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        var arrays = new List<(string, float[])>(count);
        for (int i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var values = new float[reader.ReadInt32()];
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
            arrays.Add((name, values));
        }
        return arrays;
    }

    /// <summary>Reads a block of arrays into existing ones of the same names and lengths, in the same order.</summary>
    public static void ReadArraysInto(BinaryReader reader, IReadOnlyList<(string Name, float[] Values)> into, string path, string what)
    {
        int count = reader.ReadInt32();
        if (count != into.Count) throw new InputException($"checkpoint '{path}' has {count} tensors for the {what}, this one has {into.Count}");
        foreach (var (name, values) in into)
        {
            var savedName = reader.ReadString();
            int length = reader.ReadInt32();
            if (savedName != name || length != values.Length)
                throw new InputException($"checkpoint '{path}' holds '{savedName}' ({length} values) where '{name}' ({values.Length}) was expected");
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        }
    }
}
