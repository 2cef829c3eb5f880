using System.Globalization;
using System.Text;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using Microsoft.Win32.SafeHandles;

namespace MicroMorph.Core.IO.Tiff;

/// <summary>
/// Reads multi-page TIFF and BigTIFF into a <see cref="VoxelStack"/>, one page per z-slice.
/// Voxel size comes from ImageJ metadata (unit, spacing, XResolution/YResolution) or from the
/// resolution tags with an explicit ResolutionUnit of inch or centimetre.
/// </summary>
public static class TiffVolumeReader
{
    public static VoxelStack Read(string path, ColorChannel? channel, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        string full = Path.GetFullPath(path);
        using var handle = InputFile.OpenRead(full);
        var structure = TiffFileStructure.Parse(handle, full, options.CancellationToken);

        // Thumbnails and pyramid levels are not slices; a file of only such pages is read as it is.
        var directories = structure.Directories.Where(d => !d.IsReducedResolution).ToList();
        if (directories.Count == 0)
        {
            directories = structure.Directories;
        }

        var pages = new TiffPageLayout[directories.Count];
        for (int i = 0; i < pages.Length; i++)
        {
            pages[i] = TiffPageLayout.From(directories[i], i, full, structure.FileLength);
            if (i > 0)
            {
                CheckSamePage(pages[0], pages[i], i, full);
            }
        }

        pages = AddImageJHiddenPages(pages, directories[0], structure.FileLength, full);
        var first = pages[0];
        if (first.IsColor && channel is null)
        {
            throw MicroMorphException.Argument(
                "ColorImageNeedsChannel",
                $"'{full}' is an RGB colour image; choose the channel that becomes the grey values (-Channel Red, Green, Blue or Luminance).",
                full);
        }

        // Before allocation: valid dimensions, and the memory for the volume (and the colour buffers).
        long depth = (long)pages.Length * first.SlicesPerPage;
        VolumeSizeGuard.Check(full, "TIFF", first.Width, first.Height, depth, first.SampleType, null, extraBytes: first.IsColor ? (double)first.PageBytes * Environment.ProcessorCount : 0);
        var stack = VoxelStack.CreateUninitialized(first.Width, first.Height, (int)depth, first.SampleType);
        DecodePages(stack, pages, handle, structure.IsBigEndian, channel, full, options);

        stack.Source = full;
        ApplyMetadata(stack, structure, first, pages.Length, channel);
        return stack;
    }

    /// <summary>
    /// ImageJ saves stacks above 4 GiB as classic TIFF with one IFD and <c>images=N</c>, the N
    /// images stored back to back (their IFDs would need offsets beyond 32 bits). Such a file
    /// would otherwise read as a single slice.
    /// </summary>
    private static TiffPageLayout[] AddImageJHiddenPages(TiffPageLayout[] pages, TiffDirectory firstDirectory, long fileLength, string path)
    {
        string? description = DecodeText(firstDirectory.ImageDescription);
        if (pages.Length != 1 || description is null || !ImageJMetadata.TryParse(description, out var imageJ) || imageJ.Images is not > 1)
        {
            return pages;
        }

        var first = pages[0];
        int images = imageJ.Images.Value;
        if (!first.IsContiguousUncompressed)
        {
            throw TiffErrors.Unsupported(path, string.Create(CultureInfo.InvariantCulture, $"its ImageJ description announces {images} images but the file has one image directory, and its data is not one uncompressed block."));
        }

        long pageBytes = first.PageBytes;
        long end = (long)first.Offsets[0] + pageBytes * images;
        if (end > fileLength)
        {
            throw TiffErrors.Truncated(path, string.Create(CultureInfo.InvariantCulture, $"its ImageJ description announces {images} images of {pageBytes} bytes from offset {first.Offsets[0]}, which needs {end} bytes; the file has {fileLength}."));
        }

        var all = new TiffPageLayout[images];
        all[0] = first;
        for (int i = 1; i < images; i++)
        {
            all[i] = first.Shifted(i * pageBytes);
        }

        return all;
    }

    private static void CheckSamePage(TiffPageLayout a, TiffPageLayout b, int index, string path)
    {
        if (a.Width != b.Width || a.Height != b.Height || a.SampleType != b.SampleType || a.SamplesPerPixel != b.SamplesPerPixel || a.IsColor != b.IsColor || a.PlanesAreSlices != b.PlanesAreSlices)
        {
            throw TiffErrors.PageMismatch(path, string.Create(
                CultureInfo.InvariantCulture,
                $"page {index + 1} is {b.Width} x {b.Height} {Describe(b)}, but page 1 is {a.Width} x {a.Height} {Describe(a)}."));
        }

        static string Describe(TiffPageLayout p) => p.IsColor
            ? string.Create(CultureInfo.InvariantCulture, $"{p.SampleType} with {p.SamplesPerPixel} samples per pixel")
            : p.SampleType.ToString();
    }

    private static void DecodePages(VoxelStack stack, TiffPageLayout[] pages, SafeFileHandle handle, bool bigEndian, ColorChannel? channel, string path, ComputeOptions options)
    {
        int colorBytes = pages[0].IsColor ? pages[0].PageBytes : 0;

        // One decoder (scratch buffers) per worker thread; the first failing page is reported.
        SliceIterator.For(
            pages.Length,
            options,
            "Reading TIFF",
            () => (Decoder: new TiffPageDecoder(handle, path, bigEndian), Color: colorBytes > 0 ? new byte[colorBytes] : null),
            (z, state) =>
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                if (pages[z].PlanesAreSlices)
                {
                    // Each plane of a planar greyscale page is a z-slice of its own.
                    for (int p = 0; p < pages[z].PlaneCount; p++)
                    {
                        int slice = z * pages[z].PlaneCount + p;
                        PageAdvice.Populate(stack.GetSliceBytes(slice));
                        state.Decoder.DecodePlane(pages[z], z, p, stack.GetSliceBytes(slice));
                    }
                }
                else if (state.Color is null)
                {
                    PageAdvice.Populate(stack.GetSliceBytes(z));
                    state.Decoder.Decode(pages[z], z, stack.GetSliceBytes(z));
                }
                else
                {
                    state.Decoder.Decode(pages[z], z, state.Color);
                    ExtractChannel(state.Color, pages[z].SamplesPerPixel, channel!.Value, stack.GetSliceBytes(z));
                }
            },
            state => state.Decoder.Dispose());
    }

    private static void ExtractChannel(byte[] rgb, int samples, ColorChannel channel, Span<byte> dest)
    {
        if (channel == ColorChannel.Luminance)
        {
            for (int i = 0, j = 0; i < dest.Length; i++, j += samples)
            {
                // Rec. 601 weights in thousandths sum to 1000, so the rounded result stays within 0..255.
                dest[i] = (byte)((299 * rgb[j] + 587 * rgb[j + 1] + 114 * rgb[j + 2] + 500) / 1000);
            }

            return;
        }

        int c = channel switch
        {
            ColorChannel.Red => 0,
            ColorChannel.Green => 1,
            _ => 2,
        };
        for (int i = 0, j = c; i < dest.Length; i++, j += samples)
        {
            dest[i] = rgb[j];
        }
    }

    private static void ApplyMetadata(VoxelStack stack, TiffFileStructure structure, TiffPageLayout first, int pageCount, ColorChannel? channel)
    {
        var md = stack.Metadata;
        var dir = first.Directory;
        md["Tiff.PageCount"] = pageCount.ToString(CultureInfo.InvariantCulture);
        md["Tiff.Compression"] = TiffPageLayout.CompressionName(first.Compression);
        md["Tiff.Format"] = structure.IsBigTiff ? "BigTIFF" : "TIFF";
        md["Tiff.ByteOrder"] = structure.IsBigEndian ? "BigEndian" : "LittleEndian";
        md["Tiff.Layout"] = first.IsTiled ? "Tiles" : "Strips";
        if (first.IsPlanar)
        {
            md["Tiff.PlanarConfiguration"] = "Separate";
        }

        if (first.PlanesAreSlices)
        {
            // The samples of each page became consecutive z-slices.
            md["Tiff.SamplesAsSlices"] = first.SamplesPerPixel.ToString(CultureInfo.InvariantCulture);
        }

        if (first.Photometric == 0)
        {
            md["Tiff.Photometric"] = "MinIsWhite";
        }

        if (first.IsColor && channel is not null)
        {
            md["Tiff.Channel"] = channel.Value.ToString();
        }

        string? software = DecodeText(dir.Software);
        if (!string.IsNullOrWhiteSpace(software))
        {
            md["Tiff.Software"] = software.Trim();
        }

        string? description = DecodeText(dir.ImageDescription);
        ImageJMetadata? imageJ = null;
        if (description is not null && ImageJMetadata.TryParse(description, out var parsed))
        {
            imageJ = parsed;
            foreach (var (key, value) in parsed.Extra)
            {
                md[key] = value;
            }

            if ((parsed.Channels ?? 1) > 1 || (parsed.Frames ?? 1) > 1)
            {
                // The pages are read in file order as z; say so rather than silently mixing channels/frames.
                md["Tiff.ImageJ.Hyperstack"] = string.Create(CultureInfo.InvariantCulture, $"channels={parsed.Channels ?? 1}; frames={parsed.Frames ?? 1}");
            }
        }
        else if (!string.IsNullOrWhiteSpace(description))
        {
            md["Tiff.ImageDescription"] = description.Length > 4096 ? description[..4096] : description;
        }

        stack.VoxelSize = VoxelSizeFrom(dir, imageJ);
    }

    private static VoxelSize VoxelSizeFrom(TiffDirectory dir, ImageJMetadata? imageJ)
    {
        if (imageJ is not null)
        {
            string? unit = ImageJMetadata.NormalizeUnit(imageJ.Unit);
            if (unit is not null)
            {
                // ImageJ stores pixels per unit; it omits spacing when the depth is 1. The size is
                // denominator / numerator in one division, so 20/13 pixels per µm reads as 0.65 µm.
                double x = dir.XResolution is { } xr ? xr.PixelSize() : 1;
                double y = dir.YResolution is { } yr ? yr.PixelSize() : x;
                double z = imageJ.Spacing ?? 1;
                return Valid(x, y, z) ? new VoxelSize(x, y, z, unit) : VoxelSize.Uncalibrated;
            }
        }

        // Without ImageJ metadata only an explicit inch/centimetre ResolutionUnit counts: the
        // tag's default (inch) with 72 dpi is a display setting, not a physical pixel size.
        double? micronsPerUnit = dir.ResolutionUnit switch
        {
            2 => 25400.0,
            3 => 10000.0,
            _ => null,
        };
        if (micronsPerUnit is not { } scale || dir.XResolution is not { } xRes)
        {
            return VoxelSize.Uncalibrated;
        }

        double sx = xRes.PixelSize(scale);
        double sy = dir.YResolution is { } yRes ? yRes.PixelSize(scale) : sx;
        return Valid(sx, sy, sx) ? new VoxelSize(sx, sy, sx, "µm") : VoxelSize.Uncalibrated;
    }

    private static bool Valid(double x, double y, double z) =>
        double.IsFinite(x) && double.IsFinite(y) && double.IsFinite(z) && x > 0 && y > 0 && z > 0;

    /// <summary>ASCII tag text without trailing NULs; UTF-8 if it is valid UTF-8, else Latin-1.</summary>
    private static string? DecodeText(byte[]? bytes)
    {
        if (bytes is null)
        {
            return null;
        }

        int n = bytes.Length;
        while (n > 0 && bytes[n - 1] == 0)
        {
            n--;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, n);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes, 0, n);
        }
    }
}
