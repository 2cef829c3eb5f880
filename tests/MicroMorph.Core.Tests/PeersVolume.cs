using System.IO.Compression;
using System.Security.Cryptography;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Tests;

/// <summary>
/// The peers' 256^3 benchmark volume (Data/peers/README.md), loaded once and checked against its
/// published md5, so results can be compared with the SciPy / scikit-image values computed on it.
/// </summary>
public static class PeersVolume
{
    private static readonly Lazy<PhaseImage> Image = new(Load);

    public static readonly PhaseTable Phases = new([new Phase(0, "Solid", default), new Phase(1, "Pore", default)]);

    public static PhaseImage Spheres256 => Image.Value;

    private static PhaseImage Load()
    {
        const int N = 256;
        using var gz = new GZipStream(File.OpenRead(TestData.File("peers/spheres_256.raw.gz")), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        gz.CopyTo(raw);
        byte[] bytes = raw.ToArray();
        Assert.Equal("2e40232ba2e15a23731cb4ff3b094202", Convert.ToHexStringLower(MD5.HashData(bytes)));
        var image = new PhaseImage(N, N, N, Phases);
        for (int z = 0; z < N; z++)
        {
            bytes.AsSpan(z * N * N, N * N).CopyTo(image.GetLabels(z));
        }

        return image;
    }
}
