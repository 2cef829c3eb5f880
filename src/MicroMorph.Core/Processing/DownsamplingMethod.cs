namespace MicroMorph.Core.Processing;

/// <summary>How <see cref="Downsampler"/> turns a block of voxels into one.</summary>
public enum DownsamplingMethod
{
    /// <summary>Keep the first voxel of each block: the 001 paper's "remove every second slice along each direction" (Section 3.3) for factor 2.</summary>
    Subsample,

    /// <summary>Mean grey value of the block (rounded to nearest for integer types).</summary>
    Mean,

    /// <summary>Most frequent label of the block, ties to the smallest label (for phase images).</summary>
    Majority,
}
