using System.Globalization;

namespace Verge.Core.Units;

/// <summary>An amount of data in bytes; <see cref="Kilobytes"/> and <see cref="Megabytes"/> are SI (1 kB = 1000 B) like network rates.</summary>
public readonly record struct DataSize(long Bytes) : IComparable<DataSize>
{
    public static DataSize FromBytes(long bytes) => new(bytes);

    public double Kilobytes => Bytes / 1e3;
    public double Megabytes => Bytes / 1e6;
    public long Bits => Bytes * 8;

    public static DataSize operator +(DataSize a, DataSize b) => new(a.Bytes + b.Bytes);

    public int CompareTo(DataSize other) => Bytes.CompareTo(other.Bytes);

    /// <summary>
    /// Binary prefixes (1 KiB = 1024 B), one decimal below a MiB and two above: how every command prints bytes;
    /// "?" for a negative (unknown) size.
    /// </summary>
    public override string ToString() => Bytes switch
    {
        < 0 => "?",
        < 1024 => $"{Bytes} B",
        < 1024 * 1024 => (Bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (Bytes / (1024.0 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " MiB",
        _ => (Bytes / (1024.0 * 1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };
}
