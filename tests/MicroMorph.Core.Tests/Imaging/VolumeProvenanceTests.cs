using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.Tests.Imaging;

/// <summary>Volume.DeriveFrom: a derived volume files its source's metadata under "Source." and lists its steps in "Derived".</summary>
public class VolumeProvenanceTests
{
    private static VoxelStack FromFile()
    {
        var stack = new VoxelStack(8, 6, 4, VoxelDataType.UInt8) { Source = "/data/e.tif" };
        stack.VoxelSize = new VoxelSize(0.5, "µm");
        stack.Metadata["Tiff.PageCount"] = "4";
        stack.Metadata["Sample"] = "cathode-7";
        return stack;
    }

    [Fact]
    public void DerivedVolumeFilesTheSourceMetadataUnderThePrefix()
    {
        var source = FromFile();
        var crop = RegionSelector.Crop(source, (1, 1, 1), (2, 2, 2), ComputeOptions.Default);
        Assert.False(crop.Metadata.ContainsKey("Tiff.PageCount"));
        Assert.Equal("4", crop.Metadata["Source.Tiff.PageCount"]);
        Assert.Equal("cathode-7", crop.Metadata["Source.Sample"]);
        Assert.Equal("crop 1,1,1 +2x2x2", crop.Metadata[Volume.DerivedMetadataKey]);
        Assert.Equal("/data/e.tif [crop 1,1,1 +2x2x2]", crop.Source);
        Assert.Equal(source.VoxelSize, crop.VoxelSize);
        Assert.Equal("4", source.Metadata["Tiff.PageCount"]); // the source is not changed
    }

    [Fact]
    public void StepsAccumulateAndTheNearestSourceWins()
    {
        var first = FromFile();
        var second = new VoxelStack(4, 4, 4, VoxelDataType.UInt8);
        second.DeriveFrom(first, "crop 0,0,0 +4x4x4");
        second.Metadata["Filter.Gaussian"] = "sigma=1";
        second.Metadata["Sample"] = "re-labelled";
        var third = new VoxelStack(2, 2, 2, VoxelDataType.UInt8);
        third.DeriveFrom(second, "Mean 2x2x2");

        Assert.Equal("crop 0,0,0 +4x4x4; Mean 2x2x2", third.Metadata["Derived"]);
        Assert.Equal("sigma=1", third.Metadata["Source.Filter.Gaussian"]);
        Assert.Equal("re-labelled", third.Metadata["Source.Sample"]);
        Assert.Equal("4", third.Metadata["Source.Tiff.PageCount"]);
        Assert.False(third.Metadata.ContainsKey("Source.Source.Tiff.PageCount"));
        Assert.False(third.Metadata.ContainsKey("Source.Derived"));
        Assert.Equal(["Derived"], third.Metadata.Keys.Where(k => !k.StartsWith("Source.", StringComparison.Ordinal)));
    }

    [Fact]
    public void AStepWithoutDescriptionKeepsTheChain()
    {
        var first = FromFile();
        var crop = RegionSelector.Crop(first, (0, 0, 0), (4, 4, 2), ComputeOptions.Default);
        var copy = new VoxelStack(4, 4, 2, VoxelDataType.UInt8);
        copy.DeriveFrom(crop);
        Assert.Equal("crop 0,0,0 +4x4x2", copy.Metadata["Derived"]);
        Assert.Equal(crop.Source, copy.Source);
    }

    [Fact]
    public void ConversionToPhasesIsADerivationButReadingAPhaseImageIsNot()
    {
        var labels = FromFile();
        labels.SetValue(1, 1, 1, 2);
        var image = PhaseImageConverter.Convert(labels, new PhaseTable([new Phase(0, "Pore", RgbColor.Default(0)), new Phase(2, "AM", RgbColor.Default(1))]), ComputeOptions.Default);
        Assert.Equal("phases 0=Pore, 2=AM", image.Metadata["Derived"]);
        Assert.Equal("4", image.Metadata["Source.Tiff.PageCount"]);

        using var temp = new TempFolder();
        string path = temp.File("phases.h5");
        VolumeWriter.Write(image, path, VolumeFormat.Auto, new VolumeWriteOptions());
        var back = Assert.IsType<PhaseImage>(VolumeReader.Read([path], new VolumeReadOptions()));
        Assert.Equal("phases 0=Pore, 2=AM", back.Metadata["Derived"]);
        Assert.Equal("4", back.Metadata["Source.Tiff.PageCount"]);
        Assert.False(back.Metadata.ContainsKey("Source.Source.Tiff.PageCount"));
        Assert.False(back.Metadata.ContainsKey(PhaseTableMetadata.Key));
    }

    [Fact]
    public void MergeRecordsTheMergedPhases()
    {
        var image = new PhaseImage(3, 3, 3, new PhaseTable([new Phase(0, "Pore", RgbColor.Default(0)), new Phase(1, "NMC", RgbColor.Default(1)), new Phase(2, "CBD", RgbColor.Default(2))]));
        image.Metadata["Tiff.PageCount"] = "3";
        var merged = PhaseMerger.Merge(image, [image.Phases.Resolve("NMC"), image.Phases.Resolve("CBD")], "Solid", ComputeOptions.Default);
        Assert.Equal("merge NMC, CBD as Solid", merged.Metadata["Derived"]);
        Assert.Equal("3", merged.Metadata["Source.Tiff.PageCount"]);
    }
}
