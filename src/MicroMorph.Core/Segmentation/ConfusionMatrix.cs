using System.Collections;

namespace MicroMorph.Core.Segmentation;

/// <summary>
/// The voxel counts of each pair of phases of two segmentations (rows: the reference's phases, columns:
/// the other's), indexed as <c>[row, column]</c> like the two-dimensional array it wraps. Enumerates its
/// rows (ConvertTo-Json writes an array of arrays) and reads as one cell ("3 x 3 voxel counts").
/// </summary>
public sealed class ConfusionMatrix : IReadOnlyList<IReadOnlyList<long>>
{
    private readonly long[,] _counts;

    public ConfusionMatrix(long[,] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        _counts = (long[,])counts.Clone();
    }

    /// <summary>Rows: the phases of the reference.</summary>
    public int RowCount => _counts.GetLength(0);

    /// <summary>Columns: the phases of the compared segmentation.</summary>
    public int ColumnCount => _counts.GetLength(1);

    /// <summary>The number of rows (IReadOnlyList).</summary>
    public int Count => RowCount;

    /// <summary>The voxels in phase <paramref name="row"/> of the reference and <paramref name="column"/> of the other.</summary>
    public long this[int row, int column] => _counts[row, column];

    /// <summary>One row, a copy.</summary>
    public IReadOnlyList<long> this[int row] => Enumerable.Range(0, ColumnCount).Select(c => _counts[row, c]).ToArray();

    /// <summary>The counts as a two-dimensional array (a copy).</summary>
    public long[,] ToArray() => (long[,])_counts.Clone();

    public IEnumerator<IReadOnlyList<long>> GetEnumerator()
    {
        for (int r = 0; r < RowCount; r++)
        {
            yield return this[r];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{RowCount} x {ColumnCount} voxel counts";
}
