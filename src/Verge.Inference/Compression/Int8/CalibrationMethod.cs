namespace Verge.Inference.Compression.Int8;

/// <summary>How an activation tensor's calibration samples become the range that its int8 grid covers.</summary>
public enum CalibrationMethod
{
    /// <summary>The smallest and largest value seen: no clipping, but one outlier stretches the grid.</summary>
    MinMax,

    /// <summary>Clip |x| at a percentile of its histogram (e.g. 99.99th): finer steps for the bulk, outliers saturate.</summary>
    Percentile,
}
