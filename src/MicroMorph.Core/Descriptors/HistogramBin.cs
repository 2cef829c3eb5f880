namespace MicroMorph.Core.Descriptors;

/// <summary>One bin [Lower, Upper) of a histogram with its count and relative frequency.</summary>
public readonly record struct HistogramBin(double Lower, double Upper, long Count, double Fraction);
