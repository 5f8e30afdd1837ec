using System.Globalization;

namespace Verge.Core.Units;

/// <summary>An amount of data in bytes, printed with binary-free SI prefixes (1 kB = 1000 B) like network rates.</summary>
public readonly record struct DataSize(long Bytes) : IComparable<DataSize>
{
    public static DataSize FromBytes(long bytes) => new(bytes);

    public double Kilobytes => Bytes / 1e3;
    public double Megabytes => Bytes / 1e6;
    public long Bits => Bytes * 8;

    public static DataSize operator +(DataSize a, DataSize b) => new(a.Bytes + b.Bytes);

    public int CompareTo(DataSize other) => Bytes.CompareTo(other.Bytes);

    public override string ToString() => Bytes switch
    {
        < 1_000 => $"{Bytes} B",
        < 1_000_000 => (Bytes / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + " kB",
        < 1_000_000_000 => (Bytes / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + " MB",
        _ => (Bytes / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + " GB",
    };
}
