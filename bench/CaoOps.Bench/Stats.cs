using System.Globalization;

namespace CaoOps.Bench;

/// <summary>Summary of a sample of durations in milliseconds.</summary>
internal sealed record Stats(int Count, double Min, double Median, double Mean, double P95, double P99, double Max)
{
    public static Stats Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("empty sample", nameof(values));
        }

        var sorted = values.Order().ToArray();
        return new Stats(sorted.Length, sorted[0], Quantile(sorted, 0.5), sorted.Average(), Quantile(sorted, 0.95), Quantile(sorted, 0.99), sorted[^1]);
    }

    /// <summary>Linear interpolation between closest ranks (q=0.5 is the usual median).</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var pos = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(pos);
        var hi = (int)Math.Ceiling(pos);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (pos - lo));
    }

    public string MinMedMax(string unit = "ms", string format = "0.0") =>
        string.Create(CultureInfo.InvariantCulture, $"{Min.ToString(format, CultureInfo.InvariantCulture)} / {Median.ToString(format, CultureInfo.InvariantCulture)} / {Max.ToString(format, CultureInfo.InvariantCulture)} {unit}");
}

internal static class Fmt
{
    public static string Ms(double ms, string format = "0.0") => ms.ToString(format, CultureInfo.InvariantCulture) + " ms";

    public static string N(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string MiB(long kib) => (kib / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}
