using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace MicroMorph.Fuzzing;

/// <summary>
/// One mutated input: the bytes of the file (or, for a slice folder, of each file), a description
/// of what was changed, and whether only bytes were removed at the end or from one stored stream (the
/// file cut short; a strip, tile, IDAT chunk or data file cut short): then a read that succeeds must
/// give the unmutated file's voxels (the oracle). Bytes deleted from the middle of a file are not
/// oracle cases: in uncompressed data without checksums nothing can tell the shifted bytes apart.
/// </summary>
internal sealed record Mutant(string Description, bool RemovalOnly, IReadOnlyDictionary<string, byte[]> Files);

/// <summary>Structure-aware mutators: each knows the layout of its format and aims at fields, offsets, counts and streams.</summary>
internal static class Mutators
{
    /// <summary>Values that break size arithmetic and offset checks.</summary>
    private static readonly ulong[] Interesting =
    [
        0, 1, 2, 3, 4, 7, 8, 15, 16, 255, 256, 1000, 4095, 4096, 32767, 32768, 46340, 46341, 65535, 65536,
        100_000, 1_000_000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0xFFFF_FFFF, 0x1_0000_0000, long.MaxValue, ulong.MaxValue,
    ];

    public static ulong InterestingValue(Random r, ulong current, long fileLength) => r.Next(6) switch
    {
        0 => current + (ulong)r.Next(1, 9),
        1 => current - (ulong)r.Next(1, 9),
        2 => current * 2 + 1,
        3 => (ulong)Math.Max(0, fileLength + r.Next(-16, 16)),
        4 => (ulong)r.NextInt64(0, Math.Max(1, fileLength)),
        _ => Interesting[r.Next(Interesting.Length)],
    };

    // ---------------------------------------------------------------- generic byte mutations

    /// <summary>Cut the file at a random point (often inside the last tenth).</summary>
    public static (byte[] Bytes, string What) Truncate(byte[] f, Random r)
    {
        int at = r.Next(2) == 0 ? r.Next(f.Length) : f.Length - 1 - r.Next(Math.Max(1, f.Length / 10));
        at = Math.Clamp(at, 0, f.Length - 1);
        return (f[..at], $"truncate at {at} of {f.Length}");
    }

    /// <summary>Remove a run of bytes from the middle.</summary>
    public static (byte[] Bytes, string What) DeleteRange(byte[] f, Random r)
    {
        int start = r.Next(f.Length);
        int count = Math.Min(f.Length - start, 1 + (r.Next(3) == 0 ? r.Next(256) : r.Next(8)));
        return ([.. f.AsSpan(0, start), .. f.AsSpan(start + count)], $"delete {count} bytes at {start}");
    }

    public static string FlipBytes(byte[] f, Random r, int from, int to)
    {
        var sb = new StringBuilder("flip");
        int n = 1 + r.Next(4);
        for (int i = 0; i < n && to > from; i++)
        {
            int at = r.Next(from, to);
            byte value = r.Next(3) switch { 0 => (byte)(f[at] ^ (1 << r.Next(8))), 1 => (byte)r.Next(256), _ => (byte)(r.Next(2) == 0 ? 0 : 0xFF) };
            f[at] = value;
            sb.Append($" @{at}={value}");
        }

        return sb.ToString();
    }

    private static void Put(byte[] f, int at, int size, ulong value, bool bigEndian)
    {
        for (int i = 0; i < size && at + i < f.Length; i++)
        {
            int shift = 8 * (bigEndian ? size - 1 - i : i);
            f[at + i] = (byte)(value >> shift);
        }
    }

    private static ulong Get(ReadOnlySpan<byte> f, int at, int size, bool bigEndian)
    {
        ulong v = 0;
        for (int i = 0; i < size && at + i < f.Length; i++)
        {
            int shift = 8 * (bigEndian ? size - 1 - i : i);
            v |= (ulong)f[at + i] << shift;
        }

        return v;
    }

    // ---------------------------------------------------------------- TIFF

    private sealed record TiffEntry(int EntryOffset, ushort Tag, ushort Type, ulong Count, int ValueField, int ValueBytes);

    private static List<TiffEntry> TiffEntries(byte[] f, out bool bigEndian, out bool big, out List<int> nextFields)
    {
        var entries = new List<TiffEntry>();
        nextFields = [];
        bigEndian = f.Length > 1 && f[0] == 'M';
        big = f.Length > 3 && Get(f, 2, 2, bigEndian) == 43;
        long ifd = (long)(big ? Get(f, 8, 8, bigEndian) : Get(f, 4, 4, bigEndian));
        var seen = new HashSet<long>();
        while (ifd > 0 && ifd < f.Length - 2 && seen.Add(ifd) && seen.Count < 64)
        {
            ulong n = Get(f, (int)ifd, big ? 8 : 2, bigEndian);
            int first = (int)ifd + (big ? 8 : 2), size = big ? 20 : 12;
            if (n > 1000 || first + ((long)n * size) + (big ? 8 : 4) > f.Length)
            {
                break;
            }

            for (int i = 0; i < (int)n; i++)
            {
                int e = first + (i * size);
                ushort type = (ushort)Get(f, e + 2, 2, bigEndian);
                ulong count = Get(f, e + 4, big ? 8 : 4, bigEndian);
                int typeSize = type switch { 3 or 8 => 2, 4 or 9 or 11 or 13 => 4, 5 or 10 or 12 or 16 or 17 or 18 => 8, _ => 1 };
                int field = e + (big ? 12 : 8), fieldSize = big ? 8 : 4;
                long bytes = (long)Math.Min(count, 1 << 20) * typeSize;
                int valueAt = bytes <= fieldSize ? field : (int)Math.Min(Get(f, field, fieldSize, bigEndian), int.MaxValue);
                entries.Add(new TiffEntry(e, (ushort)Get(f, e, 2, bigEndian), type, count, valueAt, typeSize));
            }

            int next = first + ((int)n * size);
            nextFields.Add(next);
            ifd = (long)Get(f, next, big ? 8 : 4, bigEndian);
        }

        return entries;
    }

    public static Mutant Tiff(string name, byte[] seed, Random r)
    {
        var f = (byte[])seed.Clone();
        var entries = TiffEntries(f, out bool be, out bool big, out var nextFields);
        var what = new List<string>();
        int rounds = 1 + r.Next(3);
        bool removal = true;
        for (int round = 0; round < rounds; round++)
        {
            int kind = r.Next(12);
            if (entries.Count == 0 && kind < 9)
            {
                kind = 9 + r.Next(3);
            }

            TiffEntry Pick(params ushort[] tags)
            {
                var some = entries.Where(e => tags.Length == 0 || tags.Contains(e.Tag)).ToList();
                return some.Count > 0 ? some[r.Next(some.Count)] : entries[r.Next(entries.Count)];
            }

            switch (kind)
            {
                case 0 or 1:
                {
                    // A field's first value: dimensions, bits, compression, rows per strip, planar, predictor, ...
                    var e = Pick(256, 257, 258, 259, 262, 277, 278, 284, 317, 322, 323, 339, 254);
                    ulong v = InterestingValue(r, Get(f, e.ValueField, e.ValueBytes, be), f.Length);
                    if (e.Tag == 259 && r.Next(2) == 0)
                    {
                        v = (ulong)new[] { 1, 2, 5, 7, 8, 32773, 32946, 34925, 50000 }[r.Next(9)];
                    }

                    if (e.ValueField < f.Length)
                    {
                        Put(f, e.ValueField, e.ValueBytes, v, be);
                    }

                    what.Add($"tag {e.Tag} value {v}");
                    removal = false;
                    break;
                }

                case 2:
                {
                    var e = Pick(273, 279, 324, 325);
                    int index = (int)Math.Min(e.Count == 0 ? 0 : (ulong)r.Next((int)Math.Min(e.Count, 1000)), int.MaxValue);
                    int at = e.ValueField + (index * e.ValueBytes);
                    if (at + e.ValueBytes <= f.Length)
                    {
                        ulong old = Get(f, at, e.ValueBytes, be);
                        ulong v = InterestingValue(r, old, f.Length);
                        Put(f, at, e.ValueBytes, v, be);
                        what.Add($"tag {e.Tag}[{index}] {old}->{v}");
                    }

                    removal = false;
                    break;
                }

                case 3:
                {
                    // A strip or tile cut short: its byte count lowered (the data is as good as removed).
                    var e = Pick(279, 325);
                    if (e.Tag is 279 or 325)
                    {
                        int index = r.Next((int)Math.Min(Math.Max(e.Count, 1), 1000));
                        int at = e.ValueField + (index * e.ValueBytes);
                        if (at + e.ValueBytes <= f.Length)
                        {
                            ulong old = Get(f, at, e.ValueBytes, be);
                            ulong v = old == 0 ? 0 : (ulong)r.NextInt64(0, (long)Math.Min(old, long.MaxValue));
                            Put(f, at, e.ValueBytes, v, be);
                            what.Add($"bytecount[{index}] cut {old}->{v}");
                        }
                    }

                    break;
                }

                case 4:
                {
                    var e = Pick();
                    ushort type = (ushort)r.Next(0, 20);
                    Put(f, e.EntryOffset + 2, 2, type, be);
                    what.Add($"tag {e.Tag} type {type}");
                    removal = false;
                    break;
                }

                case 5:
                {
                    var e = Pick();
                    ulong count = InterestingValue(r, e.Count, f.Length);
                    Put(f, e.EntryOffset + 4, big ? 8 : 4, count, be);
                    what.Add($"tag {e.Tag} count {count}");
                    removal = false;
                    break;
                }

                case 6:
                {
                    var e = Pick();
                    ushort tag = (ushort)new[] { 256, 257, 258, 259, 262, 270, 273, 277, 278, 279, 284, 317, 320, 322, 323, 324, 325, 339, 254, 1, 65535 }[r.Next(21)];
                    Put(f, e.EntryOffset, 2, tag, be);
                    what.Add($"tag {e.Tag} renamed {tag}");
                    removal = false;
                    break;
                }

                case 7:
                {
                    int at = r.Next(2) == 0 || nextFields.Count == 0 ? (big ? 8 : 4) : nextFields[r.Next(nextFields.Count)];
                    ulong v = InterestingValue(r, Get(f, at, big ? 8 : 4, be), f.Length);
                    Put(f, at, big ? 8 : 4, v, be);
                    what.Add($"IFD link @{at} = {v}");
                    removal = false;
                    break;
                }

                case 8:
                {
                    // Damage inside the image data.
                    var e = Pick(273, 324);
                    int start = (int)Math.Min(Get(f, e.ValueField, e.ValueBytes, be), (ulong)f.Length - 1);
                    what.Add(FlipBytes(f, r, start, Math.Min(f.Length, start + 512)));
                    removal = false;
                    break;
                }

                case 9:
                {
                    var (bytes, w) = Truncate(f, r);
                    f = bytes;
                    what.Add(w);
                    round = rounds;
                    break;
                }

                case 10:
                {
                    var (bytes, w) = DeleteRange(f, r);
                    f = bytes;
                    what.Add(w);
                    removal = false; // bytes gone from the middle of uncompressed data shift it undetectably: no oracle
                    round = rounds;
                    break;
                }

                default:
                    what.Add(FlipBytes(f, r, 0, f.Length));
                    removal = false;
                    break;
            }
        }

        return new Mutant("tiff: " + string.Join("; ", what), removal, new Dictionary<string, byte[]> { [name] = f });
    }

    // ---------------------------------------------------------------- PNG

    private sealed record PngChunk(int Offset, int Length, string Type);

    private static List<PngChunk> PngChunks(byte[] f)
    {
        var chunks = new List<PngChunk>();
        int at = 8;
        while (at + 12 <= f.Length && chunks.Count < 10_000)
        {
            int length = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(at)), int.MaxValue);
            if (length > f.Length - at - 12)
            {
                break;
            }

            chunks.Add(new PngChunk(at, length, Encoding.ASCII.GetString(f, at + 4, 4)));
            at += 12 + length;
        }

        return chunks;
    }

    private static byte[] Chunk(string type, ReadOnlySpan<byte> data)
    {
        var c = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(c, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(c, 4);
        data.CopyTo(c.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(c.AsSpan(8 + data.Length), Crc32.HashToUInt32(c.AsSpan(4, 4 + data.Length)));
        return c;
    }

    private static void FixCrc(byte[] f, PngChunk c)
    {
        if (c.Offset + 12 + c.Length <= f.Length)
        {
            BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(c.Offset + 8 + c.Length), Crc32.HashToUInt32(f.AsSpan(c.Offset + 4, 4 + c.Length)));
        }
    }

    private static readonly Lazy<byte[]> TextBomb = new(() =>
    {
        // A zTXt whose text inflates to 64 MiB (ImageSharp 2.1 would expand it without a limit).
        using var ms = new MemoryStream();
        ms.Write("Comment\0\0"u8);
        using (var z = new ZLibStream(ms, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++)
            {
                z.Write(zeros);
            }
        }

        return Chunk("zTXt", ms.ToArray());
    });

    public static Mutant Png(string name, byte[] seed, Random r)
    {
        var f = (byte[])seed.Clone();
        var chunks = PngChunks(f);
        var what = new List<string>();
        bool removal = true;
        int rounds = 1 + r.Next(2);
        for (int round = 0; round < rounds && chunks.Count > 0; round++)
        {
            var c = chunks[r.Next(chunks.Count)];
            var idats = chunks.Where(x => x.Type == "IDAT").ToList();
            switch (r.Next(11))
            {
                case 0:
                {
                    // IHDR: width, height, bit depth, colour type, interlace, with a valid CRC.
                    var h = chunks[0];
                    int field = r.Next(5);
                    int at = h.Offset + 8 + field switch { 0 => 0, 1 => 4, 2 => 8, 3 => 9, _ => 12 };
                    if (field < 2)
                    {
                        ulong v = InterestingValue(r, BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(at)), f.Length);
                        Put(f, at, 4, v, true);
                        what.Add($"IHDR field {field} = {(uint)v}");
                    }
                    else
                    {
                        f[at] = (byte)new[] { 0, 1, 2, 3, 4, 6, 8, 16, 255 }[r.Next(9)];
                        what.Add($"IHDR field {field} = {f[at]}");
                    }

                    FixCrc(f, h);
                    removal = false;
                    break;
                }

                case 1 or 2:
                {
                    // Inside a chunk (often the zlib stream), CRC made valid so the damage reaches the decoder.
                    var target = r.Next(2) == 0 && idats.Count > 0 ? idats[r.Next(idats.Count)] : c;
                    what.Add(target.Type + " " + FlipBytes(f, r, target.Offset + 8, target.Offset + 8 + Math.Max(1, target.Length)));
                    FixCrc(f, target);
                    removal = false;
                    break;
                }

                case 3:
                    what.Add(c.Type + " crc " + FlipBytes(f, r, c.Offset + 8, c.Offset + 12 + c.Length));
                    removal = false;
                    break;
                case 4:
                    // Remove a whole chunk (bytes removed only).
                    f = [.. f.AsSpan(0, c.Offset), .. f.AsSpan(c.Offset + 12 + c.Length)];
                    what.Add("drop " + c.Type);
                    round = rounds;
                    break;
                case 5:
                    f = [.. f.AsSpan(0, c.Offset + 12 + c.Length), .. f.AsSpan(c.Offset, 12 + c.Length), .. f.AsSpan(c.Offset + 12 + c.Length)];
                    what.Add("duplicate " + c.Type);
                    removal = false;
                    round = rounds;
                    break;
                case 6:
                {
                    // A compressed text chunk that inflates to 64 MiB, before the image data.
                    var idat = idats.Count > 0 ? idats[0] : c;
                    f = [.. f.AsSpan(0, idat.Offset), .. TextBomb.Value, .. f.AsSpan(idat.Offset)];
                    what.Add("insert zTXt bomb");
                    removal = false;
                    round = rounds;
                    break;
                }

                case 7:
                {
                    // The zlib stream cut short inside an IDAT, with length and CRC made valid.
                    if (idats.Count == 0)
                    {
                        break;
                    }

                    var d = idats[^1];
                    int keep = r.Next(d.Length);
                    var data = f.AsSpan(d.Offset + 8, keep);
                    f = [.. f.AsSpan(0, d.Offset), .. Chunk("IDAT", data), .. f.AsSpan(d.Offset + 12 + d.Length)];
                    what.Add($"IDAT cut to {keep} of {d.Length}");
                    round = rounds;
                    break;
                }

                case 8:
                {
                    ulong v = InterestingValue(r, (ulong)c.Length, f.Length);
                    Put(f, c.Offset, 4, v, true);
                    what.Add($"{c.Type} length {(uint)v}");
                    removal = false;
                    break;
                }

                case 9:
                {
                    var (bytes, w) = Truncate(f, r);
                    f = bytes;
                    what.Add(w);
                    round = rounds;
                    break;
                }

                default:
                {
                    var (bytes, w) = DeleteRange(f, r);
                    f = bytes;
                    what.Add(w);
                    removal = false; // bytes gone from the middle of uncompressed data shift it undetectably: no oracle
                    round = rounds;
                    break;
                }
            }

            chunks = PngChunks(f);
        }

        return new Mutant("png: " + string.Join("; ", what), removal, new Dictionary<string, byte[]> { [name] = f });
    }

    // ---------------------------------------------------------------- HDF5

    /// <summary>
    /// HDF5 without a full parser: the superblock (first 96 bytes), 8-byte little-endian values
    /// that look like addresses (below the file length) or like the dataset's dimensions, and the
    /// object headers and chunk index near the start.
    /// </summary>
    public static Mutant Hdf5(string name, byte[] seed, Random r, ulong[] dims)
    {
        var f = (byte[])seed.Clone();
        var what = new List<string>();
        bool removal = true;
        int rounds = 1 + r.Next(3);
        for (int round = 0; round < rounds; round++)
        {
            switch (r.Next(8))
            {
                case 0:
                    what.Add("superblock " + FlipBytes(f, r, 8, Math.Min(f.Length, 96)));
                    removal = false;
                    break;
                case 1 or 2:
                {
                    // An address-like field: an 8-byte value pointing inside the file.
                    var candidates = new List<int>();
                    for (int at = 0; at + 8 <= Math.Min(f.Length, 1 << 16); at++)
                    {
                        ulong v = BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan(at));
                        if (v >= 48 && v < (ulong)f.Length && (at & 7) == 0)
                        {
                            candidates.Add(at);
                        }
                    }

                    if (candidates.Count > 0)
                    {
                        int at = candidates[r.Next(candidates.Count)];
                        ulong v = r.Next(3) switch
                        {
                            // Another structure's address (object headers, B-tree nodes, heaps: loops and cross-links) ...
                            0 => BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan(candidates[r.Next(candidates.Count)])),
                            // ... or back to just before this field.
                            1 => (ulong)Math.Max(0, at - (8 * r.Next(0, 6))),
                            _ => InterestingValue(r, BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan(at)), f.Length),
                        };
                        BinaryPrimitives.WriteUInt64LittleEndian(f.AsSpan(at), v);
                        what.Add($"address @{at} = {v}");
                    }

                    removal = false;
                    break;
                }

                case 3:
                {
                    // A dimension: the dataset's extents as 8-byte values (dataspace and layout messages).
                    var candidates = new List<int>();
                    for (int at = 0; at + 8 <= f.Length; at++)
                    {
                        ulong v = BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan(at));
                        if (dims.Contains(v))
                        {
                            candidates.Add(at);
                        }
                    }

                    if (candidates.Count > 0)
                    {
                        int at = candidates[r.Next(candidates.Count)];
                        ulong old = BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan(at));
                        ulong v = r.Next(3) == 0 ? old * (ulong)r.Next(2, 100_000) : InterestingValue(r, old, f.Length);
                        BinaryPrimitives.WriteUInt64LittleEndian(f.AsSpan(at), v);
                        what.Add($"dimension @{at} {old}->{v}");
                    }

                    removal = false;
                    break;
                }

                case 4:
                    what.Add("header " + FlipBytes(f, r, 0, Math.Min(f.Length, 4096)));
                    removal = false;
                    break;
                case 5:
                    what.Add(FlipBytes(f, r, 0, f.Length));
                    removal = false;
                    break;
                case 6:
                {
                    var (bytes, w) = Truncate(f, r);
                    f = bytes;
                    what.Add(w);
                    round = rounds;
                    break;
                }

                default:
                {
                    var (bytes, w) = DeleteRange(f, r);
                    f = bytes;
                    what.Add(w);
                    removal = false; // bytes gone from the middle of uncompressed data shift it undetectably: no oracle
                    round = rounds;
                    break;
                }
            }
        }

        return new Mutant("hdf5: " + string.Join("; ", what), removal, new Dictionary<string, byte[]> { [name] = f });
    }

    // ---------------------------------------------------------------- MetaImage

    private static readonly string[] ElementTypes = ["MET_UCHAR", "MET_CHAR", "MET_USHORT", "MET_SHORT", "MET_UINT", "MET_INT", "MET_FLOAT", "MET_DOUBLE", "MET_LONG", "", "MET_OTHER"];

    /// <summary>MetaImage: header lines (sizes, types, HeaderSize, ElementDataFile, byte order) and the data behind them.</summary>
    public static Mutant MetaImage(IReadOnlyDictionary<string, byte[]> seed, string headerName, Random r)
    {
        var files = seed.ToDictionary(kv => kv.Key, kv => (byte[])kv.Value.Clone());
        var header = files[headerName];
        string text = Encoding.Latin1.GetString(header);
        int end = text.IndexOf("ElementDataFile", StringComparison.Ordinal);
        end = end < 0 ? text.Length : text.IndexOf('\n', end) + 1;
        if (end <= 0)
        {
            end = text.Length;
        }

        var lines = text[..end].Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        byte[] data = header[Encoding.Latin1.GetByteCount(text[..end])..];
        var what = new List<string>();
        bool removal = false;
        string N() => r.Next(4) switch
        {
            0 => Interesting[r.Next(Interesting.Length)].ToString(System.Globalization.CultureInfo.InvariantCulture),
            1 => (-r.Next(1, 3)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            2 => r.Next(0, 40).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => new[] { "nan", "1e308", "-0", "0x10", "1.5", "", "7 7", "3,5" }[r.Next(8)],
        };
        void Set(string key, string value)
        {
            int i = lines.FindIndex(l => l.StartsWith(key, StringComparison.OrdinalIgnoreCase));
            if (i < 0)
            {
                lines.Insert(Math.Max(0, lines.Count - 1), $"{key} = {value}");
            }
            else
            {
                lines[i] = $"{key} = {value}";
            }

            what.Add($"{key} = {value}");
        }

        int rounds = 1 + r.Next(2);
        for (int round = 0; round < rounds; round++)
        {
            switch (r.Next(12))
            {
                case 0 or 1:
                    Set("DimSize", string.Join(' ', Enumerable.Range(0, 1 + r.Next(4)).Select(_ => N())));
                    break;
                case 2:
                    Set("NDims", N());
                    break;
                case 3:
                    Set("ElementType", ElementTypes[r.Next(ElementTypes.Length)]);
                    break;
                case 4:
                    Set("HeaderSize", r.Next(2) == 0 ? "-1" : N());
                    break;
                case 5:
                    Set("ElementDataFile", new[] { "LOCAL", headerName, "missing.raw", "LIST", "slice%03d.raw", "/dev/zero", "../" + headerName, "." }[r.Next(8)]);
                    break;
                case 6:
                    Set(new[] { "BinaryDataByteOrderMSB", "CompressedData", "BinaryData", "ElementNumberOfChannels", "ElementSpacing", "ObjectType" }[r.Next(6)],
                        new[] { "True", "False", "1", "0", "3", "nan nan nan", "-1 1 1", "Mesh", "" }[r.Next(9)]);
                    break;
                case 7:
                    if (lines.Count > 1)
                    {
                        int i = r.Next(lines.Count - 1);
                        what.Add("drop line " + lines[i]);
                        lines.RemoveAt(i);
                    }

                    break;
                case 8:
                    lines.Insert(r.Next(lines.Count), new[] { "garbage", "= 3", "Key = \0", new string('x', 5000) + " = 1", "DimSize = 1 1 1" }[r.Next(5)]);
                    what.Add("insert line");
                    break;
                case 9:
                {
                    // Data cut short (bytes removed only).
                    var dataFile = files.Keys.FirstOrDefault(k => k != headerName);
                    if (dataFile is not null && files[dataFile].Length > 0)
                    {
                        int keep = r.Next(files[dataFile].Length);
                        files[dataFile] = files[dataFile][..keep];
                        what.Add($"data file cut to {keep}");
                        removal = what.Count == 1;
                    }
                    else if (data.Length > 0)
                    {
                        int keep = r.Next(data.Length);
                        data = data[..keep];
                        what.Add($"local data cut to {keep}");
                        removal = what.Count == 1;
                    }

                    round = rounds;
                    break;
                }

                default:
                    if (data.Length > 0)
                    {
                        what.Add("data " + FlipBytes(data, r, 0, data.Length));
                    }

                    break;
            }
        }

        files[headerName] = [.. Encoding.Latin1.GetBytes(string.Join('\n', lines) + "\n"), .. data];
        return new Mutant("mhd: " + string.Join("; ", what), removal, files);
    }
}
