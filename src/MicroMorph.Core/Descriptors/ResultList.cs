using System.Collections;
using System.Globalization;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// The list a result carries (size classes, per-phase shares, local concentrations, ...), read-only, with a
/// text form that says what it holds ("3 size classes", "20 values, 0.12 to 0.55") instead of the .NET type
/// name: a whole result piped to Export-Csv or ConvertTo-Csv gets a readable cell. Enumerates as the items
/// (ConvertTo-Json writes an array).
/// </summary>
public sealed class ResultList<T> : IReadOnlyList<T>
{
    private readonly T[] _items;

    public ResultList(IEnumerable<T> items, string noun)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = items.ToArray();
        Noun = noun;
    }

    /// <summary>What one item is, plural ("size classes").</summary>
    public string Noun { get; }

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public override string ToString()
    {
        string head = $"{_items.Length} {Noun}";
        if (_items.Length == 0)
        {
            return head;
        }

        return _items switch
        {
            double[] d => string.Create(CultureInfo.InvariantCulture, $"{head}, {d.Min():G6} to {d.Max():G6}"),
            long[] l => head + ": " + string.Join(", ", l.Take(8).Select(v => v.ToString(CultureInfo.InvariantCulture))) + (l.Length > 8 ? ", ..." : string.Empty),
            string[] s => head + ": " + string.Join(", ", s.Take(8)) + (s.Length > 8 ? ", ..." : string.Empty),
            _ => head,
        };
    }
}

/// <summary>Builds <see cref="ResultList{T}"/>s.</summary>
public static class ResultList
{
    /// <summary><paramref name="items"/> as a result list (an existing one is kept as it is); null gives an empty list.</summary>
    public static IReadOnlyList<T> Of<T>(IReadOnlyList<T>? items, string noun) =>
        items is ResultList<T> r ? r : new ResultList<T>(items ?? [], noun);
}
