using System.Globalization;
using System.Runtime.InteropServices;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO.Raw;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using IsPng = SixLabors.ImageSharp.Formats.Png;

namespace MicroMorph.Core.IO;

/// <summary>
/// 2D raster images through SixLabors.ImageSharp 2.1 (issue 19): PNG, JPEG, BMP, GIF, TGA, WebP and
/// single-page TIFF that our own TIFF reader does not decode.
/// <para>
/// Reading: the file is read whole, its content must be the format its extension names
/// (<c>NotA&lt;Format&gt;File</c>), its structure is walked by <see cref="RasterFileCheck"/> (truncation,
/// CRCs, capped text), its header identified, and its size checked (dimension limits, the memory
/// available: <c>InsufficientMemory</c>) before a pixel is decoded. Every ImageSharp exception becomes a
/// MicroMorph error naming the file (<c>&lt;Format&gt;Corrupt</c>, <c>&lt;Format&gt;Unsupported</c>).
/// Grey 8-bit gives UInt8, grey 16-bit UInt16 (exact; PNG and TIFF). PNG grey of 1, 2 or 4 bits keeps
/// its raw sample values (0..2^bits-1) as UInt8. Alpha is ignored. A colour image (palette, RGB, RGBA,
/// colour JPEG ...) whose every pixel has R = G = B is grey; any other needs a <see cref="ColorChannel"/>
/// (<c>ColorImageNeedsChannel</c>): Red, Green, Blue or Luminance (Rec. 601, 0.299 R + 0.587 G + 0.114 B
/// rounded half up) become UInt8 (UInt16 for 16-bit colour). The voxel size of a PNG comes from the text
/// entry <c>MicroMorph.VoxelSize</c> ("x,y,z,unit") when present, else from its pHYs chunk in pixels per
/// metre (z = x); every other PNG text entry becomes a metadata entry. A TIFF read here takes its pixel
/// size from resolution tags in centimetres. JPEG, BMP, GIF, TGA and WebP carry no voxel size: their
/// resolution fields are print resolutions (72 or 96 dpi from most software).
/// </para>
/// <para>
/// Writing: PNG, 8- or 16-bit grey from UInt8/UInt16 slices, 8-bit RGB for pictures; pHYs when the unit
/// is a length, the voxel size text, and one text chunk per entry of <see cref="PhaseTableMetadata.ForWriting"/>.
/// </para>
/// </summary>
public static class RasterImageCodec
{
    /// <summary>zlib level of written PNGs (see bench/RESULTS.md, "PNG through ImageSharp").</summary>
    private const IsPng.PngCompressionLevel WriteCompression = IsPng.PngCompressionLevel.BestSpeed;

    private static readonly Configuration Config = CreateConfiguration();

    /// <summary>Reads a raster file whose format its extension names (TIFF: see <see cref="ReadTiffPage"/>).</summary>
    public static VoxelStack Read(string path, ColorChannel? channel)
    {
        ArgumentNullException.ThrowIfNull(path);
        var format = RasterFormats.FromExtension(Path.GetExtension(path));
        if (format is null or RasterFormat.Tiff)
        {
            throw new MicroMorphException(
                "UnknownFileFormat",
                MicroMorphErrorKind.NotSupported,
                $"'{path}' does not have the extension of a 2D raster format ({string.Join(", ", RasterFormats.Extensions)}).",
                path);
        }

        return Read(path, channel, format.Value);
    }

    /// <summary>
    /// A single-page TIFF through ImageSharp: <see cref="VolumeReader"/> routes a TIFF here only when our
    /// own reader refuses its layout (palette, JPEG compression, 16-bit colour ...).
    /// </summary>
    public static VoxelStack ReadTiffPage(string path, ColorChannel? channel)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Read(path, channel, RasterFormat.Tiff);
    }

    private static VoxelStack Read(string path, ColorChannel? channel, RasterFormat format)
    {
        string full = Path.GetFullPath(path);
        byte[] file = ReadAllBytes(full, format);
        CheckContent(file, full, format);
        var facts = RasterFileCheck.Check(format, file, full);
        if (facts.Frames > 1)
        {
            throw RasterFileCheck.Unsupported(format, full, string.Create(CultureInfo.InvariantCulture, $"it holds {facts.Frames} frames (an animation); import one frame per file"));
        }

        // PNG: the header our walk read; the others: ImageSharp identifies the header (no pixels decoded).
        int width = facts.Width, height = facts.Height, bits = 0;
        ImageMetadata? metadata = null;
        if (format != RasterFormat.Png)
        {
            IImageInfo? info = Library(format, full, () => Image.Identify(Config, file, out _));
            if (info is null)
            {
                throw NotThisFormat(format, full, "no decoder recognises its header");
            }

            (width, height, bits, metadata) = (info.Width, info.Height, info.PixelType?.BitsPerPixel ?? 24, info.Metadata);
        }

        var kind = DecodeKind(format, facts, bits);
        var voxelType = kind is PixelKind.Grey16 or PixelKind.Rgb48 ? VoxelDataType.UInt16 : VoxelDataType.UInt8;
        CheckSize(width, height, voxelType, kind, file.Length, full, format);

        var stack = VoxelStack.CreateUninitialized(width, height, 1, voxelType);
        switch (kind)
        {
            case PixelKind.Grey8:
                using (var image = Decode<L8>(format, file, full))
                {
                    CheckDecodedSize(image, width, height, full, format);
                    image.Frames.RootFrame.CopyPixelDataTo(MemoryMarshal.Cast<byte, L8>(stack.GetSliceBytes(0)));
                }

                if (facts.PngColorType == 0 && facts.PngBitDepth < 8)
                {
                    // ImageSharp scales 1/2/4-bit grey to 0-255 (x 255, 85, 17); the raw sample values are kept.
                    byte step = (byte)(255 / ((1 << facts.PngBitDepth) - 1));
                    var bytes = stack.GetSliceBytes(0);
                    for (int i = 0; i < bytes.Length; i++)
                    {
                        bytes[i] = (byte)(bytes[i] / step);
                    }
                }

                break;
            case PixelKind.Grey16:
                using (var image = Decode<L16>(format, file, full))
                {
                    CheckDecodedSize(image, width, height, full, format);
                    image.Frames.RootFrame.CopyPixelDataTo(MemoryMarshal.Cast<ushort, L16>(stack.GetSlice<ushort>(0)));
                }

                break;
            case PixelKind.Rgb24:
                using (var image = Decode<Rgb24>(format, file, full))
                {
                    CheckDecodedSize(image, width, height, full, format);
                    ToGrey(image, channel, full, format, stack.GetSliceBytes(0), p => (p.R, p.G, p.B), v => (byte)v);
                }

                break;
            default:
                using (var image = Decode<Rgb48>(format, file, full))
                {
                    CheckDecodedSize(image, width, height, full, format);
                    ToGrey(image, channel, full, format, stack.GetSlice<ushort>(0), p => (p.R, p.G, p.B), v => (ushort)v);
                }

                break;
        }

        stack.Source = full;
        ApplyMetadata(stack, facts, metadata, format);
        return stack;
    }

    /// <summary>Writes slice <paramref name="z"/> of a UInt8 or UInt16 volume as an 8- or 16-bit grey PNG.</summary>
    public static void WriteSlice(Volume volume, int z, string path)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(path);
        if (volume.DataType is not (VoxelDataType.UInt8 or VoxelDataType.UInt16))
        {
            throw new MicroMorphException(
                "FormatCannotHoldDataType",
                MicroMorphErrorKind.NotSupported,
                $"PNG holds 8- or 16-bit unsigned grey values; this volume is {volume.DataType}. Use TIFF, raw or HDF5.",
                volume);
        }

        var texts = new List<(string Key, string Value)>();
        if (volume.VoxelSize.Unit != VoxelSize.UncalibratedUnit)
        {
            texts.Add((VoxelSizeText.Key, VoxelSizeText.Format(volume.VoxelSize)));
        }

        texts.AddRange(PhaseTableMetadata.ForWriting(volume).Select(kv => (kv.Key, kv.Value)));
        foreach (var (key, _) in texts)
        {
            CheckKey(key, path);
        }

        var slice = volume.GetSliceBytes(z);
        if (volume.DataType == VoxelDataType.UInt8)
        {
            using var image = Image.LoadPixelData<L8>(Config, MemoryMarshal.Cast<byte, L8>(slice), volume.Width, volume.Height);
            Encode(image, path, IsPng.PngColorType.Grayscale, IsPng.PngBitDepth.Bit8, volume.VoxelSize, texts);
        }
        else
        {
            using var image = Image.LoadPixelData<L16>(Config, MemoryMarshal.Cast<byte, L16>(slice), volume.Width, volume.Height);
            Encode(image, path, IsPng.PngColorType.Grayscale, IsPng.PngBitDepth.Bit16, volume.VoxelSize, texts);
        }
    }

    /// <summary>Writes an 8-bit RGB picture (rows packed, R G B per pixel) as PNG.</summary>
    public static void WriteRgb(string path, int width, int height, ReadOnlySpan<byte> rgb)
    {
        ArgumentNullException.ThrowIfNull(path);
        Volume.ValidateDimensions(width, height, 1, VoxelDataType.UInt8);
        if (rgb.Length != (long)width * height * 3)
        {
            throw MicroMorphException.Argument(
                "RgbBufferSizeMismatch",
                $"An RGB picture of {width} x {height} pixels needs {(long)width * height * 3} bytes; {rgb.Length} were given.",
                rgb.Length);
        }

        using var image = Image.LoadPixelData<Rgb24>(Config, MemoryMarshal.Cast<byte, Rgb24>(rgb), width, height);
        Encode(image, path, IsPng.PngColorType.Rgb, IsPng.PngBitDepth.Bit8, VoxelSize.Uncalibrated, []);
    }

    private static void Encode<TPixel>(Image<TPixel> image, string path, IsPng.PngColorType colorType, IsPng.PngBitDepth bitDepth, VoxelSize voxelSize, List<(string Key, string Value)> texts)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var filter = IsPng.PngChunkFilter.ExcludeGammaChunk | IsPng.PngChunkFilter.ExcludeExifChunk;
        if (LengthUnits.MetresPerUnit(voxelSize.Unit) is { } metres
            && Math.Round(1 / (voxelSize.X * metres)) is >= 1 and <= uint.MaxValue and var ppmX
            && Math.Round(1 / (voxelSize.Y * metres)) is >= 1 and <= uint.MaxValue and var ppmY)
        {
            image.Metadata.ResolutionUnits = PixelResolutionUnit.PixelsPerMeter;
            image.Metadata.HorizontalResolution = ppmX;
            image.Metadata.VerticalResolution = ppmY;
        }
        else
        {
            filter |= IsPng.PngChunkFilter.ExcludePhysicalChunk;
        }

        var png = image.Metadata.GetPngMetadata();
        foreach (var (key, value) in texts)
        {
            png.TextData.Add(new IsPng.PngTextData(key, value, string.Empty, string.Empty));
        }

        var encoder = new IsPng.PngEncoder
        {
            ColorType = colorType,
            BitDepth = bitDepth,
            CompressionLevel = WriteCompression,
            ChunkFilter = filter,
            TextCompressionThreshold = int.MaxValue,
        };
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        image.Save(stream, encoder);
    }

    private enum PixelKind
    {
        Grey8,
        Grey16,
        Rgb24,
        Rgb48,
    }

    /// <summary>The pixel type the image is decoded to, from its PNG header or the bits per pixel ImageSharp reports.</summary>
    private static PixelKind DecodeKind(RasterFormat format, RasterFileFacts facts, int bits)
    {
        return format switch
        {
            RasterFormat.Png => (facts.PngColorType, facts.PngBitDepth) switch
            {
                (0 or 4, 16) => PixelKind.Grey16,
                (0 or 4, _) => PixelKind.Grey8,
                (_, 16) => PixelKind.Rgb48,
                _ => PixelKind.Rgb24,
            },
            RasterFormat.Tiff when bits == 16 => PixelKind.Grey16,
            RasterFormat.Tiff when bits > 32 => PixelKind.Rgb48,
            _ when bits == 8 && format is RasterFormat.Jpeg => PixelKind.Grey8,
            _ => PixelKind.Rgb24,
        };
    }

    /// <summary>
    /// Grey values from a colour image: its own values when every pixel has R = G = B, else the chosen
    /// channel; no channel for a colour image is <c>ColorImageNeedsChannel</c>.
    /// </summary>
    private static void ToGrey<TPixel, TValue>(Image<TPixel> image, ColorChannel? channel, string path, RasterFormat format, Span<TValue> dest, Func<TPixel, (int R, int G, int B)> split, Func<int, TValue> make)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        int w = image.Width, h = image.Height;
        bool grey = true;
        for (int y = 0; y < h && grey; y++)
        {
            var row = image.DangerousGetPixelRowMemory(y).Span;
            for (int x = 0; x < w; x++)
            {
                var (r, g, b) = split(row[x]);
                if (r != g || g != b)
                {
                    grey = false;
                    break;
                }
            }
        }

        if (!grey && channel is null)
        {
            throw MicroMorphException.Argument(
                "ColorImageNeedsChannel",
                $"'{path}' is a colour {format.DisplayName()} image; choose the channel to import with -Channel Red, Green, Blue or Luminance.",
                path);
        }

        var pick = grey ? ColorChannel.Red : channel!.Value;
        for (int y = 0; y < h; y++)
        {
            var row = image.DangerousGetPixelRowMemory(y).Span;
            var outRow = dest.Slice(y * w, w);
            for (int x = 0; x < w; x++)
            {
                var (r, g, b) = split(row[x]);
                outRow[x] = make(pick switch
                {
                    ColorChannel.Red => r,
                    ColorChannel.Green => g,
                    ColorChannel.Blue => b,
                    _ => (int)((299L * r + 587L * g + 114L * b + 500) / 1000),
                });
            }
        }
    }

    private static Image<TPixel> Decode<TPixel>(RasterFormat format, byte[] file, string path)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        IImageDecoder decoder = format switch
        {
            // Metadata comes from our own capped walk (RasterFileCheck), not from ImageSharp's unbounded one.
            RasterFormat.Png => new IsPng.PngDecoder { IgnoreMetadata = true },
            RasterFormat.Jpeg => new SixLabors.ImageSharp.Formats.Jpeg.JpegDecoder { IgnoreMetadata = true },
            RasterFormat.Bmp => new SixLabors.ImageSharp.Formats.Bmp.BmpDecoder(),
            RasterFormat.Gif => new SixLabors.ImageSharp.Formats.Gif.GifDecoder { IgnoreMetadata = true },
            RasterFormat.Tga => new SixLabors.ImageSharp.Formats.Tga.TgaDecoder(),
            RasterFormat.Webp => new SixLabors.ImageSharp.Formats.Webp.WebpDecoder { IgnoreMetadata = true },
            _ => new SixLabors.ImageSharp.Formats.Tiff.TiffDecoder { IgnoreMetadata = true },
        };
        return Library(format, path, () => Image.Load<TPixel>(Config, file, decoder));
    }

    /// <summary>Runs an ImageSharp call; its exceptions become MicroMorph errors that name the file.</summary>
    private static T Library<T>(RasterFormat format, string path, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (UnknownImageFormatException ex)
        {
            throw NotThisFormat(format, path, ex.Message);
        }
        catch (InvalidMemoryOperationException ex)
        {
            throw new MicroMorphException("InsufficientMemory", MicroMorphErrorKind.LimitsExceeded, $"Decoding '{path}' needs more memory than the image library may allocate: {ex.Message}", path, ex);
        }
        catch (OutOfMemoryException ex)
        {
            throw new MicroMorphException("InsufficientMemory", MicroMorphErrorKind.LimitsExceeded, $"Decoding '{path}' ran out of memory.", path, ex);
        }
        catch (NotSupportedException ex)
        {
            throw RasterFileCheck.Unsupported(format, path, ex.Message.TrimEnd('.'), ex);
        }
        catch (Exception ex) when (ex is ImageFormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException
            or EndOfStreamException or InvalidDataException or OverflowException or ArithmeticException or NullReferenceException)
        {
            // InvalidImageContentException is an ImageFormatException; the others are how the decoders fail on damaged data.
            string detail = ex is ImageFormatException
                ? ex.Message.TrimEnd('.')
                : $"the decoder failed on its data ({ex.GetType().Name}: {ex.Message.TrimEnd('.')})";
            throw RasterFileCheck.Corrupt(format, path, detail, ex);
        }
    }

    private static void CheckContent(byte[] file, string path, RasterFormat format)
    {
        IImageFormat? detected = file.Length == 0 ? null : Image.DetectFormat(Config, file);
        RasterFormat? actual = detected?.Name.ToUpperInvariant() switch
        {
            "PNG" => RasterFormat.Png,
            "JPEG" => RasterFormat.Jpeg,
            "BMP" => RasterFormat.Bmp,
            "GIF" => RasterFormat.Gif,
            "TGA" => RasterFormat.Tga,
            "WEBP" => RasterFormat.Webp,
            "TIFF" => RasterFormat.Tiff,
            _ => null,
        };

        // TGA has no signature: any file that is no other format is "TGA" to the detector, so only its header check tells.
        if (actual == format)
        {
            return;
        }

        if (format == RasterFormat.Tga && detected is null && file.Length >= 18)
        {
            return;
        }

        throw NotThisFormat(
            format,
            path,
            actual is { } other
                ? $"its content is a {other.DisplayName()} image; give it the extension of that format"
                : file.Length == 0 ? "it is empty" : "it does not start with the " + format.DisplayName() + " signature");
    }

    private static MicroMorphException NotThisFormat(RasterFormat format, string path, string detail) =>
        MicroMorphException.InvalidData($"NotA{format.ErrorPrefix()}File", $"'{path}' is not a {format.DisplayName()} file: {detail}.", path);

    /// <summary>Refuses, before decoding, a size no volume can hold or the memory cannot (file, decoded pixels and slice together).</summary>
    private static void CheckSize(int width, int height, VoxelDataType type, PixelKind kind, long fileBytes, string path, RasterFormat format)
    {
        if (width < 1 || height < 1)
        {
            throw RasterFileCheck.Corrupt(format, path, string.Create(CultureInfo.InvariantCulture, $"its header declares {width} x {height} pixels"));
        }

        try
        {
            Volume.ValidateDimensions(width, height, 1, type);
        }
        catch (MicroMorphException ex)
        {
            throw new MicroMorphException(ex.ErrorId, ex.Kind, $"'{path}': {ex.Message}", path, ex);
        }

        int decodedBytesPerPixel = kind switch { PixelKind.Grey8 => 1, PixelKind.Grey16 => 2, PixelKind.Rgb24 => 3, _ => 6 };
        double pixels = (double)width * height;
        MemoryBudget.Require(fileBytes + pixels * (decodedBytesPerPixel + type.BytesPerVoxel()), string.Create(CultureInfo.InvariantCulture, $"Reading the {width} x {height} {format.DisplayName()} image '{path}'"), path);
    }

    private static void CheckDecodedSize(IImageInfo image, int width, int height, string path, RasterFormat format)
    {
        if (image.Width != width || image.Height != height)
        {
            throw RasterFileCheck.Corrupt(format, path, string.Create(CultureInfo.InvariantCulture, $"its header declares {width} x {height} pixels but the decoder produced {image.Width} x {image.Height}"));
        }
    }

    private static void ApplyMetadata(VoxelStack stack, RasterFileFacts facts, ImageMetadata? metadata, RasterFormat format)
    {
        VoxelSize? size = null;
        foreach (var (key, value) in facts.Texts)
        {
            if (string.Equals(key, VoxelSizeText.Key, StringComparison.OrdinalIgnoreCase))
            {
                size = VoxelSizeText.TryParse(value);
            }
            else
            {
                stack.Metadata[key] = value;
            }
        }

        if (size is null && facts.PixelsPerMetre is { X: > 0, Y: > 0 } ppm)
        {
            double x = 1e6 / ppm.X;
            size = new VoxelSize(x, 1e6 / ppm.Y, x, "µm");
        }

        if (size is null && format == RasterFormat.Tiff && metadata is { HorizontalResolution: > 0, VerticalResolution: > 0 } m
            && m.ResolutionUnits is PixelResolutionUnit.PixelsPerCentimeter or PixelResolutionUnit.PixelsPerMeter)
        {
            double perMetre = m.ResolutionUnits == PixelResolutionUnit.PixelsPerCentimeter ? 100 : 1;
            double x = 1e6 / (m.HorizontalResolution * perMetre);
            size = new VoxelSize(x, 1e6 / (m.VerticalResolution * perMetre), x, "µm");
        }

        if (size is not null)
        {
            stack.VoxelSize = size.Value;
        }
    }

    private static byte[] ReadAllBytes(string path, RasterFormat format)
    {
        using var handle = InputFile.OpenRead(path);
        long length;
        try
        {
            length = RandomAccess.GetLength(handle);
            if (length > Array.MaxLength)
            {
                throw new MicroMorphException(format.ErrorPrefix() + "TooLarge", MicroMorphErrorKind.LimitsExceeded, $"'{path}' is {length} bytes; {format.DisplayName()} files are read whole and may be at most {Array.MaxLength} bytes.", path);
            }

            MemoryBudget.Require(length, $"Reading the file '{path}'", path);
            var bytes = GC.AllocateUninitializedArray<byte>((int)length);
            int total = 0;
            while (total < bytes.Length)
            {
                int n = RandomAccess.Read(handle, bytes.AsSpan(total), total);
                if (n == 0)
                {
                    throw RasterFileCheck.Truncated(format, path, "it ended while it was being read");
                }

                total += n;
            }

            return bytes;
        }
        catch (IOException ex)
        {
            throw new MicroMorphException("FileReadFailed", MicroMorphErrorKind.ReadError, $"The file '{path}' cannot be read: {ex.Message}", path, ex);
        }
    }

    private static void CheckKey(string key, string path)
    {
        bool ok = key.Length is >= 1 and <= 79
            && key.All(c => c is >= ' ' and <= '~' or >= '\u00A1' and <= '\u00FF')
            && key[0] != ' ' && key[^1] != ' ' && !key.Contains("  ", StringComparison.Ordinal);
        if (!ok)
        {
            throw MicroMorphException.Argument(
                "PngMetadataKeyInvalid",
                $"The metadata key '{key}' cannot be a PNG text keyword (1-79 Latin-1 characters without leading, trailing or double spaces); rename or remove it before writing '{path}'.",
                key);
        }
    }

    private static Configuration CreateConfiguration()
    {
        var configuration = Configuration.Default.Clone();

        // A small pool: buffers of a decoded slice are not kept for the process's lifetime.
        configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { MaximumPoolSizeMegabytes = 64 });
        return configuration;
    }
}
