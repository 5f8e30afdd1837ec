namespace Verge.Net.Serving.Load;

/// <summary>What a <see cref="LoadSweep"/> varies.</summary>
public enum LoadSweepAxis
{
    Concurrency,
    Rate,
}
