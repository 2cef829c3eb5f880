using System.IO.Compression;

namespace MicroMorph.Core.IO.Tiff;

/// <summary>
/// Compresses strips of whole rows for <see cref="TiffCompressedVolumeWriter"/>. One instance per
/// thread (it owns the LZW table and the Deflate buffer).
/// </summary>
/// <remarks>
/// No horizontal differencing (TIFF Predictor 2): measured on the shipped electrode (256^3 UInt8
/// labels, zlib level 6 per slice) it makes Deflate output 17 % larger (2.21 MB against 1.89 MB),
/// and on simulated noisy grey tomograms it gains at most 2 % for 8-bit and loses 4 % for 16-bit
/// data. Without it every reader decodes the files: ImageJ's own TIFF reader undoes Predictor 2 for
/// Deflate only since 1.53v (October 2022) and undoes it on 32-bit data as float addition, which is
/// not TIFF's integer differencing (ImageJ 1.54u source, ij/io/TiffDecoder.java, ImageReader.java).
/// </remarks>
internal sealed class TiffStripEncoder
{
    private readonly TiffCompression _compression;
    private readonly MemoryStream _deflated = new();
    private TiffLzwEncoder? _lzw;

    public TiffStripEncoder(TiffCompression compression)
    {
        if (compression == TiffCompression.None)
        {
            throw new ArgumentOutOfRangeException(nameof(compression), "The strip encoder compresses; None is written by the uncompressed layout.");
        }

        _compression = compression;
    }

    /// <summary>The TIFF Compression tag value: 8 (Adobe Deflate), 5 (LZW), 32773 (PackBits).</summary>
    public static ushort CodeOf(TiffCompression compression) => compression switch
    {
        TiffCompression.Deflate => 8,
        TiffCompression.Lzw => 5,
        TiffCompression.PackBits => 32773,
        _ => 1,
    };

    /// <summary>The compressed bytes of one strip (<paramref name="strip"/> holds whole rows of <paramref name="rowBytes"/>).</summary>
    public byte[] Encode(ReadOnlySpan<byte> strip, int rowBytes)
    {
        switch (_compression)
        {
            case TiffCompression.Deflate:
                _deflated.SetLength(0);
                using (var zlib = new ZLibStream(_deflated, CompressionLevel.Optimal, leaveOpen: true))
                {
                    zlib.Write(strip);
                }

                return _deflated.ToArray();
            case TiffCompression.Lzw:
                return (_lzw ??= new TiffLzwEncoder()).Encode(strip);
            default:
                return TiffPackBitsEncoder.Encode(strip, rowBytes);
        }
    }
}
