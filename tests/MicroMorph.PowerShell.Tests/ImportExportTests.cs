using System.Management.Automation;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Processing;

namespace MicroMorph.PowerShell.Tests;

/// <summary>Import-VoxelStack / Export-VoxelStack through real script text: formats, binding, bad input.</summary>
public sealed class ImportExportTests(ModuleSession session) : IClassFixture<ModuleSession>, IDisposable
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "mmps-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    // 6 x 5 x 4 UInt16 stack, v = x + 10 y + 100 z + 1000, anisotropic voxel size.
    private const string Ramp = """
        $s = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 5, 4, 'UInt16')
        foreach ($z in 0..3) { foreach ($y in 0..4) { foreach ($x in 0..5) { $s.SetValue($x, $y, $z, 1000 + $x + 10 * $y + 100 * $z) } } }
        $s.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(10, 10, 20, 'nm')
        """;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string P(string name) => Path.Combine(_dir, name).Replace("'", "''");

    [Fact]
    public void ElectrodeSampleMatchesTauFactorVolumeFractions()
    {
        var fractions = session.RunClean($$"""
            Import-VoxelStack -LiteralPath '{{Repository.Electrode}}' |
                ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } |
                Measure-VoxelStack
            """).Select(o => (PhaseFraction)o.BaseObject).ToArray();
        // TauFactor's published figures (shared/reference/taufactor/README.md).
        Assert.Equal(0.44992, fractions[0].VolumeFraction, 5);
        Assert.Equal(0.40047, fractions[1].VolumeFraction, 5);
        Assert.Equal(0.14962, fractions[2].VolumeFraction, 5);
        Assert.Equal(256L * 256 * 256, fractions.Sum(f => f.VoxelCount));
    }

    [Theory]
    [InlineData("tif")]
    [InlineData("mhd")]
    [InlineData("h5")]
    [InlineData("png")]
    public void ExportThenImportGivesIdenticalVoxelsAndVoxelSize(string extension)
    {
        string importPath = extension == "png" ? P("ramp_*.png") : P("ramp." + extension);
        var back = (VoxelStack)session.RunClean($$"""
            {{Ramp}}
            $files = $s | Export-VoxelStack -Path '{{P("ramp." + extension)}}' -PassThru
            if ($files[0] -isnot [System.IO.FileInfo]) { throw 'PassThru must return FileInfo' }
            Import-VoxelStack -Path '{{importPath}}'
            """).Single().BaseObject;
        Assert.Equal((6, 5, 4), (back.Width, back.Height, back.Depth));
        Assert.Equal(VoxelDataType.UInt16, back.DataType);
        for (int z = 0; z < 4; z++)
        {
            for (int y = 0; y < 5; y++)
            {
                for (int x = 0; x < 6; x++)
                {
                    Assert.Equal(1000 + x + 10 * y + 100 * z, back.GetValue(x, y, z));
                }
            }
        }

        Assert.Equal(new VoxelSize(10, 10, 20, "nm"), back.VoxelSize);
    }

    [Fact]
    public void PhaseImageSurvivesExportAndImport()
    {
        var image = (PhaseImage)session.RunClean($$"""
            $l = [MicroMorph.Core.Imaging.VoxelStack]::new(3, 3, 2, 'UInt8'); $l.SetValue(1, 1, 1, 2)
            $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 2 = 'Active material' } | Export-VoxelStack -Path '{{P("phases.tif")}}'
            Import-VoxelStack '{{P("phases.tif")}}'
            """).Single().BaseObject;
        Assert.Equal("0 Pore, 2 Active material", image.Phases.ToString());
        Assert.Equal(2, image.GetLabel(1, 1, 1));
    }

    [Fact]
    public void PathsBindFromThePipeline()
    {
        var output = session.RunClean($"""
            {Ramp}
            $s | Export-VoxelStack -Path '{P("a.tif")}'
            $s | Export-VoxelStack -Path '{P("b.tif")}'
            '{P("a.tif")}', '{P("b.tif")}' | Import-VoxelStack
            [System.IO.FileInfo]::new('{P("a.tif")}') | Import-VoxelStack
            """);
        Assert.Equal(3, output.Count);
        Assert.All(output, o => Assert.IsType<VoxelStack>(o.BaseObject));
    }

    [Fact]
    public void WildcardOfSlicesIsOneStackInNaturalOrder()
    {
        // Slices slice_1 .. slice_12 written as separate PNGs; value = slice number.
        var stack = (VoxelStack)session.RunClean($$"""
            foreach ($i in 1..12) {
                $one = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 1, 'UInt8')
                $one.SetValue(0, 0, 0, $i)
                $one | Export-VoxelStack -Path ([System.IO.Path]::Combine('{{P("")}}', "slice_$i.png"))
            }
            Import-VoxelStack -Path '{{P("slice_*.png")}}'
            """).Single().BaseObject;
        Assert.Equal(12, stack.Depth);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (double)i), Enumerable.Range(0, 12).Select(z => stack.GetValue(0, 0, z)));
    }

    [Fact]
    public void ExistingFileIsNotOverwrittenWithoutForce()
    {
        File.WriteAllText(Path.Combine(_dir, "keep.tif"), "precious");
        var r = session.Run($"{Ramp}\n$s | Export-VoxelStack -Path '{P("keep.tif")}'");
        Assert.Contains("OutputExists", r.ErrorIds);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(_dir, "keep.tif")));
        session.RunClean($"{Ramp}\n$s | Export-VoxelStack -Path '{P("keep.tif")}' -Force");
        Assert.NotEqual("precious", File.ReadAllText(Path.Combine(_dir, "keep.tif")));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void WhatIfWritesNothing()
    {
        session.RunClean($"{Ramp}\n$s | Export-VoxelStack -Path '{P("ramp.mhd")}' -WhatIf");
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void MissingPathIsAnError()
    {
        var r = session.Run($"Import-VoxelStack -Path '{P("nothing-here.tif")}'");
        Assert.Contains("PathNotFound", r.ErrorIds);
        Assert.Contains("nothing-here.tif", r.Errors.Single().Exception.Message);
        var literal = session.Run($"Import-VoxelStack -LiteralPath '{P("[missing].tif")}'");
        Assert.Contains("PathNotFound", literal.ErrorIds);
    }

    [Fact]
    public void RawFileOfTheWrongSizeIsNamed()
    {
        File.WriteAllBytes(Path.Combine(_dir, "data.raw"), new byte[1000]);
        var r = session.Run($"Import-VoxelStack '{P("data.raw")}' -Dimensions 10, 10, 20 -DataType UInt8");
        Assert.Contains("RawSizeMismatch", r.ErrorIds);
        Assert.Contains("1000", r.Errors.Single().Exception.Message);
        var ok = (VoxelStack)session.RunClean($"Import-VoxelStack '{P("data.raw")}' -Dimensions 10, 10, 10 -DataType UInt8").Single().BaseObject;
        Assert.Equal(1000, ok.VoxelCount);
    }

    [Fact]
    public void DimensionsWhoseProductOverflowsAreRefused()
    {
        File.WriteAllBytes(Path.Combine(_dir, "data.raw"), new byte[8]);
        var r = session.Run($"Import-VoxelStack '{P("data.raw")}' -Dimensions 3000000000, 3000000000, 3000000000 -DataType UInt16");
        Assert.Contains("DimensionsOverflow", r.ErrorIds);
    }

    [Fact]
    public void SlicesOfDifferentSizesAreRefused()
    {
        session.RunClean($"""
            [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 1, 'UInt8') | Export-VoxelStack -Path '{P("s_1.png")}'
            [MicroMorph.Core.Imaging.VoxelStack]::new(5, 3, 1, 'UInt8') | Export-VoxelStack -Path '{P("s_2.png")}'
            """);
        var r = session.Run($"Import-VoxelStack -Path '{P("")}'");
        Assert.Contains("SliceSizeMismatch", r.ErrorIds);
        Assert.Contains("s_2.png", r.Errors.Single().Exception.Message);
    }

    [Fact]
    public void TruncatedTiffIsRefused()
    {
        session.RunClean($"{Ramp}\n$s | Export-VoxelStack -Path '{P("full.tif")}'");
        byte[] bytes = File.ReadAllBytes(Path.Combine(_dir, "full.tif"));
        File.WriteAllBytes(Path.Combine(_dir, "cut.tif"), bytes[..(bytes.Length / 2)]);
        var r = session.Run($"Import-VoxelStack '{P("cut.tif")}'");
        Assert.Empty(r.Output);
        Assert.True(r.ErrorIds.Any(id => id is "TiffTruncated" or "TiffCorrupt"), string.Join(", ", r.ErrorIds));
    }

    [Fact]
    public void MissingHdf5DatasetListsTheAvailableOnes()
    {
        session.RunClean($"{Ramp}\n$s | Export-VoxelStack -Path '{P("v.h5")}' -Dataset /exchange/data");
        var r = session.Run($"Import-VoxelStack '{P("v.h5")}' -Dataset /wrong");
        Assert.Contains("Hdf5DatasetNotFound", r.ErrorIds);
        Assert.Contains("/exchange/data", r.Errors.Single().Exception.Message);
    }

    [Fact]
    public void FailedExportLeavesNoFile()
    {
        // Float32 cannot be written as PNG: refused before anything is written.
        var r = session.Run($"[MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 2, 'Float32') | Export-VoxelStack -Path '{P("f.png")}'");
        Assert.Contains("FormatCannotHoldDataType", r.ErrorIds);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void ExportVoxelSliceWritesAPng()
    {
        var file = (FileInfo)session.RunClean($"{Ramp}\n$s | Export-VoxelSlice -Path '{P("slice.png")}' -Scale 3 -PassThru").Single().BaseObject;
        var picture = (VoxelStack)session.RunClean($"Import-VoxelStack '{file.FullName}' -Channel Red").Single().BaseObject;
        Assert.Equal((18, 15), (picture.Width, picture.Height));
        // Middle slice z = 2: window min 1200 .. max 1245; voxel (0,0) is black, (5,4) white.
        Assert.Equal(0, picture.GetValue(0, 0, 0));
        Assert.Equal(255, picture.GetValue(17, 14, 0));
    }

    [Fact]
    public void VoxelSizeOverrideNeedsOneOrThreeValues()
    {
        session.RunClean($"{Ramp}\n$s | Export-VoxelStack -Path '{P("r.tif")}'");
        var r = session.Run($"Import-VoxelStack '{P("r.tif")}' -VoxelSize 1, 2");
        Assert.Contains("InvalidVoxelSize", r.ErrorIds);
        var v = (VoxelStack)session.RunClean($"Import-VoxelStack '{P("r.tif")}' -VoxelSize 0.5 -Unit µm").Single().BaseObject;
        Assert.Equal(new VoxelSize(0.5, "µm"), v.VoxelSize);
    }
}
