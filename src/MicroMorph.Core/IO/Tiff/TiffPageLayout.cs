using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.IO.Tiff;

/// <summary>
/// One page's pixel layout, validated: defaults applied, unsupported variants rejected with
/// the specific reason, and every strip or tile checked to lie inside the file.
/// </summary>
internal sealed class TiffPageLayout
{
    public required TiffDirectory Directory { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public int SamplesPerPixel { get; init; }

    public int BytesPerSample { get; init; }

    /// <summary>The sample type (for colour images the type of one channel, UInt8).</summary>
    public VoxelDataType SampleType { get; init; }

    public int Compression { get; init; }

    public int Photometric { get; init; }

    public bool IsTiled { get; init; }

    public int RowsPerStrip { get; init; }

    public int TileWidth { get; init; }

    public int TileLength { get; init; }

    /// <summary>Strip or tile offsets.</summary>
    public required ulong[] Offsets { get; init; }

    /// <summary>Strip or tile byte counts (for uncompressed data without the tag, the expected sizes).</summary>
    public required ulong[] ByteCounts { get; init; }

    /// <summary>TIFF Predictor: 1 none, 2 horizontal differencing, 3 floating point (only with LZW and Deflate).</summary>
    public int Predictor { get; init; } = 1;

    /// <summary>PlanarConfiguration 2 with several samples: each sample is stored as a plane of its own strips or tiles.</summary>
    public bool IsPlanar { get; init; }

    /// <summary>An RGB page (3 or 4 samples per pixel).</summary>
    public bool IsColor => Photometric == 2;

    /// <summary>
    /// A greyscale page of several samples stored as separate planes (e.g. tifffile's
    /// <c>planarconfig='separate'</c>): each plane becomes a z-slice of its own.
    /// </summary>
    public bool PlanesAreSlices => IsPlanar && !IsColor;

    /// <summary>Z-slices this page contributes.</summary>
    public int SlicesPerPage => PlanesAreSlices ? SamplesPerPixel : 1;

    /// <summary>Samples per pixel inside one strip or tile (1 for planar pages).</summary>
    public int ChunkSamples => IsPlanar ? 1 : SamplesPerPixel;

    /// <summary>Planes stored one after the other (the samples per pixel for planar pages, else 1).</summary>
    public int PlaneCount => IsPlanar ? SamplesPerPixel : 1;

    /// <summary>Strips or tiles of one plane.</summary>
    public int ChunksPerPlane => IsTiled
        ? ((Width + TileWidth - 1) / TileWidth) * ((Height + TileLength - 1) / TileLength)
        : (Height + RowsPerStrip - 1) / RowsPerStrip;

    /// <summary>Bytes of one decoded row (all samples).</summary>
    public int RowBytes => Width * SamplesPerPixel * BytesPerSample;

    /// <summary>Bytes of one decoded row of a strip or tile's samples (one plane's row for planar pages).</summary>
    public int ChunkRowBytes => Width * ChunkSamples * BytesPerSample;

    /// <summary>Bytes of one decoded page (all samples).</summary>
    public int PageBytes => checked(RowBytes * Height);

    /// <summary>Bytes of one decoded plane (the whole page for interleaved pages).</summary>
    public int PlaneBytes => checked(ChunkRowBytes * Height);

    public int TileBytes => checked(TileWidth * TileLength * ChunkSamples * BytesPerSample);

    public static string CompressionName(int compression) => compression switch
    {
        1 => "None",
        2 => "CCITT RLE",
        3 => "CCITT Group 3",
        4 => "CCITT Group 4",
        5 => "LZW",
        6 => "old-style JPEG",
        7 => "JPEG",
        8 => "Deflate",
        32773 => "PackBits",
        32946 => "Deflate",
        34661 => "JBIG",
        34712 => "JPEG 2000",
        34887 or 34888 or 34889 => "LERC",
        34925 => "LZMA",
        50000 => "Zstandard",
        50001 => "WebP",
        50002 or 52546 => "JPEG XL",
        _ => "unknown",
    };

    public static TiffPageLayout From(TiffDirectory dir, int page, string path, long fileLength)
    {
        string where = string.Create(CultureInfo.InvariantCulture, $"page {page + 1}");
        if (dir.Width is null or 0 || dir.Height is null or 0)
        {
            throw TiffErrors.Corrupt(path, where + " has no image width or height.");
        }

        if (dir.Width > int.MaxValue || dir.Height > int.MaxValue)
        {
            throw TiffErrors.Unsupported(path, string.Create(CultureInfo.InvariantCulture, $"{where} is {dir.Width} x {dir.Height} pixels, wider or taller than {int.MaxValue}."));
        }

        int width = (int)dir.Width;
        int height = (int)dir.Height;
        int spp = (int)Math.Min(dir.SamplesPerPixel ?? 1, 1000);
        if (spp == 0)
        {
            throw TiffErrors.Corrupt(path, where + " has SamplesPerPixel 0.");
        }

        var bpsValues = dir.BitsPerSample ?? [1];
        ulong bps = bpsValues.Length == 0 ? 1 : bpsValues[0];
        if (bpsValues.Any(b => b != bps))
        {
            throw TiffErrors.Unsupported(path, $"{where} has samples of different bit depths ({string.Join(", ", bpsValues)}).");
        }

        var formatValues = dir.SampleFormat ?? [1];
        ulong format = formatValues.Length == 0 ? 1 : formatValues[0];
        int compression = (int)Math.Min(dir.Compression ?? 1, int.MaxValue);
        int photometric = (int)Math.Min(dir.Photometric ?? (spp >= 3 ? 2UL : 1UL), int.MaxValue);
        int planar = (int)Math.Min(dir.PlanarConfiguration ?? 1, int.MaxValue);

        if (photometric == 3 || dir.HasColorMap)
        {
            throw TiffErrors.Unsupported(path, $"{where} is a palette (indexed colour) image; convert it to greyscale or RGB first.");
        }

        if (photometric is not (0 or 1 or 2))
        {
            string name = photometric switch
            {
                4 => "a transparency mask",
                5 => "CMYK/separated",
                6 => "YCbCr",
                8 or 9 or 10 => "CIE L*a*b*",
                32844 or 32845 => "LogLuv",
                _ => string.Create(CultureInfo.InvariantCulture, $"photometric interpretation {photometric}"),
            };
            throw TiffErrors.Unsupported(path, $"{where} is {name}; only greyscale and RGB images can be read.");
        }

        VoxelDataType type;
        if (photometric == 2)
        {
            if (spp is not (3 or 4))
            {
                throw TiffErrors.Unsupported(path, string.Create(CultureInfo.InvariantCulture, $"{where} is RGB with {spp} samples per pixel; 3 (RGB) or 4 (RGBA) are supported."));
            }

            if (bps != 8 || format != 1)
            {
                throw TiffErrors.Unsupported(path, string.Create(CultureInfo.InvariantCulture, $"{where} is a {bps}-bit colour image; only 8-bit RGB is supported."));
            }

            type = VoxelDataType.UInt8;
        }
        else
        {
            if (spp != 1 && planar != 2)
            {
                throw TiffErrors.Unsupported(path, string.Create(CultureInfo.InvariantCulture, $"{where} is greyscale with {spp} interleaved samples per pixel (extra channels such as alpha); only one sample per pixel, or samples stored as separate planes (PlanarConfiguration 2, read as z-slices), is supported."));
            }

            type = (bps, format) switch
            {
                (8, 1) => VoxelDataType.UInt8,
                (16, 1) => VoxelDataType.UInt16,
                (16, 2) => VoxelDataType.Int16,
                (32, 1) => VoxelDataType.UInt32,
                (32, 3) => VoxelDataType.Float32,
                _ => throw TiffErrors.Unsupported(path, $"{where} has {DescribeSample(bps, format)} samples; supported are 8-, 16- and 32-bit unsigned integers, 16-bit signed integers and 32-bit floats."),
            };
        }

        if (compression is not (1 or 5 or 8 or 32946 or 32773))
        {
            throw TiffErrors.Unsupported(path, string.Create(CultureInfo.InvariantCulture, $"{where} uses compression {compression} ({CompressionName(compression)}); supported are none, LZW, Deflate and PackBits."));
        }

        if (planar is not (1 or 2))
        {
            throw TiffErrors.Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"{where} has PlanarConfiguration {planar}; only 1 (interleaved) and 2 (separate planes) exist."));
        }

        // libtiff applies the predictor with LZW and Deflate only; with other compressions the tag is ignored.
        int predictor = compression is 5 or 8 or 32946 ? (int)Math.Min(dir.Predictor ?? 1, int.MaxValue) : 1;
        if (predictor is not (1 or 2 or 3) || (predictor == 3 && type != VoxelDataType.Float32))
        {
            throw TiffErrors.Unsupported(path, string.Create(CultureInfo.InvariantCulture, $"{where} uses Predictor {predictor}; supported are 1 (none), 2 (horizontal differencing) and 3 (floating point, for 32-bit floats)."));
        }

        int bytesPerSample = type.BytesPerVoxel();
        bool isPlanar = planar == 2 && spp > 1;
        int planes = isPlanar ? spp : 1;
        int chunkSamples = isPlanar ? 1 : spp;
        if ((double)width * height * spp * bytesPerSample > Array.MaxLength)
        {
            throw new MicroMorphException(
                "SliceTooLarge",
                MicroMorphErrorKind.LimitsExceeded,
                string.Create(CultureInfo.InvariantCulture, $"The TIFF file '{path}': {where} is {width} x {height} pixels of {spp} x {bytesPerSample} bytes, more than one array can hold ({Array.MaxLength} bytes)."),
                path);
        }

        long rowBytes = (long)width * chunkSamples * bytesPerSample;
        bool tiled = dir.IsTiled;
        ulong[] offsets;
        ulong[]? counts;
        int rowsPerStrip = 0, tileWidth = 0, tileLength = 0;
        long[] expected;
        if (tiled)
        {
            if (dir.TileWidth is null or 0 || dir.TileLength is null or 0 || dir.TileWidth > 65536 || dir.TileLength > 65536 || dir.TileOffsets is null)
            {
                throw TiffErrors.Corrupt(path, where + " is tiled but lacks a valid tile size or tile offsets.");
            }

            tileWidth = (int)dir.TileWidth;
            tileLength = (int)dir.TileLength;
            long across = (width + (long)tileWidth - 1) / tileWidth;
            long down = (height + (long)tileLength - 1) / tileLength;
            offsets = dir.TileOffsets;
            counts = dir.TileByteCounts;
            if (offsets.Length < across * down * planes)
            {
                throw TiffErrors.Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"{where} needs {across * down * planes} tiles but lists {offsets.Length}."));
            }

            long tileBytes = (long)tileWidth * tileLength * chunkSamples * bytesPerSample;
            expected = Enumerable.Repeat(tileBytes, offsets.Length).ToArray();
        }
        else
        {
            if (dir.StripOffsets is null)
            {
                throw TiffErrors.Corrupt(path, where + " has no strip offsets.");
            }

            rowsPerStrip = (int)Math.Clamp(dir.RowsPerStrip ?? (ulong)height, 1, (ulong)height);
            long strips = (height + (long)rowsPerStrip - 1) / rowsPerStrip;
            offsets = dir.StripOffsets;
            counts = dir.StripByteCounts;
            if (offsets.Length < strips * planes)
            {
                throw TiffErrors.Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"{where} needs {strips * planes} strips but lists {offsets.Length}."));
            }

            expected = new long[offsets.Length];
            for (int s = 0; s < expected.Length; s++)
            {
                long inPlane = s < strips * planes ? s % strips : s;
                long rows = Math.Max(0, Math.Min(rowsPerStrip, height - inPlane * rowsPerStrip));
                expected[s] = rows * rowBytes;
            }
        }

        if (counts is null)
        {
            if (compression != 1)
            {
                throw TiffErrors.Corrupt(path, where + " is compressed but has no strip or tile byte counts.");
            }

            counts = expected.Select(e => (ulong)e).ToArray();
        }
        else if (counts.Length < offsets.Length)
        {
            throw TiffErrors.Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"{where} lists {offsets.Length} strip or tile offsets but {counts.Length} byte counts."));
        }

        for (int i = 0; i < offsets.Length; i++)
        {
            string unit = string.Create(CultureInfo.InvariantCulture, $"{(tiled ? "tile" : "strip")} {i + 1} of {where}");
            if (compression == 1 && counts[i] < (ulong)expected[i])
            {
                throw TiffErrors.Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"{unit} has {counts[i]} bytes; uncompressed it needs {expected[i]}."));
            }

            // Uncompressed data must hold the whole strip/tile; compressed data is checked by the decoder.
            ulong needed = compression == 1 ? (ulong)expected[i] : counts[i];
            if (offsets[i] > (ulong)fileLength || offsets[i] + needed > (ulong)fileLength)
            {
                throw TiffErrors.Truncated(path, string.Create(CultureInfo.InvariantCulture, $"the data of {unit} ({needed} bytes at offset {offsets[i]}) extends beyond the end of the file ({fileLength} bytes)."));
            }
        }

        // Before anything is allocated: the page's stored bytes must be able to decode to the page (issue 20).
        double pageBytes = (double)width * height * spp * bytesPerSample;
        double expansion = compression switch
        {
            1 => VolumeSizeGuard.NoExpansion,
            5 => VolumeSizeGuard.LzwExpansion,
            32773 => VolumeSizeGuard.PackBitsExpansion,
            _ => VolumeSizeGuard.DeflateExpansion,
        };
        double stored = 0;
        for (int i = 0; i < Math.Min(counts.Length, offsets.Length); i++)
        {
            stored += counts[i];
        }

        if (compression != 1 && pageBytes > stored * expansion)
        {
            throw MicroMorphException.InvalidData(
                "DeclaredSizeExceedsFile",
                string.Create(CultureInfo.InvariantCulture, $"The TIFF file '{path}' declares {width} x {height} pixels ({MemoryBudget.Format(pageBytes)}) on {where}, but its {stored} bytes of {CompressionName(compression)} data can decode to at most {MemoryBudget.Format(stored * expansion)}; the file is damaged or truncated."),
                path);
        }

        return new TiffPageLayout
        {
            Directory = dir,
            Width = width,
            Height = height,
            SamplesPerPixel = spp,
            BytesPerSample = bytesPerSample,
            SampleType = type,
            Compression = compression,
            Photometric = photometric,
            IsTiled = tiled,
            RowsPerStrip = rowsPerStrip,
            TileWidth = tileWidth,
            TileLength = tileLength,
            Offsets = offsets,
            ByteCounts = counts,
            Predictor = predictor,
            IsPlanar = isPlanar,
        };
    }

    /// <summary>
    /// The same layout with its data <paramref name="shift"/> bytes further on: the pages that
    /// ImageJ stores without IFDs (see <see cref="TiffVolumeReader"/>).
    /// </summary>
    public TiffPageLayout Shifted(long shift) => new()
    {
        Directory = Directory,
        Width = Width,
        Height = Height,
        SamplesPerPixel = SamplesPerPixel,
        BytesPerSample = BytesPerSample,
        SampleType = SampleType,
        Compression = Compression,
        Photometric = Photometric,
        IsTiled = IsTiled,
        RowsPerStrip = RowsPerStrip,
        TileWidth = TileWidth,
        TileLength = TileLength,
        Offsets = Offsets.Select(o => o + (ulong)shift).ToArray(),
        ByteCounts = ByteCounts,
        Predictor = Predictor,
        IsPlanar = IsPlanar,
    };

    /// <summary>True when the page is uncompressed strips stored back to back, i.e. one contiguous block.</summary>
    public bool IsContiguousUncompressed
    {
        get
        {
            if (Compression != 1 || IsTiled || IsPlanar)
            {
                return false;
            }

            int strips = (Height + RowsPerStrip - 1) / RowsPerStrip;
            long stripBytes = (long)RowsPerStrip * RowBytes;
            for (int s = 1; s < strips; s++)
            {
                if ((long)Offsets[s] != (long)Offsets[s - 1] + stripBytes)
                {
                    return false;
                }
            }

            return true;
        }
    }

    private static string DescribeSample(ulong bps, ulong format)
    {
        string kind = format switch
        {
            1 => "unsigned integer",
            2 => "signed integer",
            3 => "floating-point",
            4 => "untyped",
            5 => "complex integer",
            6 => "complex floating-point",
            _ => string.Create(CultureInfo.InvariantCulture, $"sample format {format}"),
        };
        return bps == 1
            ? "1-bit (bilevel)"
            : string.Create(CultureInfo.InvariantCulture, $"{bps}-bit {kind}");
    }
}
