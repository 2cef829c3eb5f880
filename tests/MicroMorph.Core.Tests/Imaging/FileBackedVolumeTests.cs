using System.Runtime.CompilerServices;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Filtering;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Processing;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Particles;
using MicroMorph.Core.Tests.Particles;

namespace MicroMorph.Core.Tests.Imaging;

/// <summary>Volumes in memory-mapped scratch files (issue 24): same voxels, same identity, no files left, slab-wise labelling.</summary>
public class FileBackedVolumeTests
{
    private static void Fill(Volume v)
    {
        for (int z = 0; z < v.Depth; z++)
        {
            var s = v.GetSlice<ushort>(z);
            for (int i = 0; i < s.Length; i++)
            {
                s[i] = (ushort)((i * 7919) ^ (z * 104729));
            }
        }
    }

    [Fact]
    public void HoldsTheSameVoxelsAsAVolumeInMemoryAndLeavesNoFile()
    {
        using var folder = new TempFolder();
        var memory = new VoxelStack(64, 48, 40, VoxelDataType.UInt16);
        Fill(memory);
        VoxelStack file;
        using (VolumeStorage.Enter(folder.Path, VolumeStorageMode.File))
        {
            file = new VoxelStack(64, 48, 40, VoxelDataType.UInt16);
        }

        Assert.True(file.IsFileBacked);
        Assert.False(memory.IsFileBacked);
        Assert.Equal(folder.Path, file.ScratchFolder);
        Assert.All(Enumerable.Range(0, file.Depth), z => Assert.True(file.ReadSlice<ushort>(z).IndexOfAnyExcept((ushort)0) < 0)); // a fresh file reads zero
        Fill(file);
        Assert.Equal(memory.ContentHash, file.ContentHash);
        Assert.Equal(memory, file);

        // Releasing the resident pages is a hint: the voxels stay.
        file.ReleaseMemory();
        file.ReleaseSlices(3, 17);
        Assert.Equal(memory, file);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Empty(Directory.GetFileSystemEntries(folder.Path)); // unlinked once mapped: a crash leaves nothing
        }

        file.Dispose();
        Assert.Throws<ObjectDisposedException>(() => file.ReadSliceBytes(0).Length);
        memory.Dispose(); // nothing to free for a volume in memory
        Assert.Equal(64 * 48 * 2, memory.ReadSliceBytes(39).Length);
    }

    [Fact]
    public void KeepsItsVoxelsWhileTheResidentWindowSlides()
    {
        // 64 MiB in 8 MiB residency slabs, more than the smallest window: slabs are released and
        // mapped again while slices are written and read in parallel.
        using var folder = new TempFolder();
        VoxelStack file;
        using (VolumeStorage.Enter(folder.Path, VolumeStorageMode.File))
        {
            file = VoxelStack.CreateUninitialized(1024, 1024, 64, VoxelDataType.UInt8);
        }

        Parallel.For(0, file.Depth, z => file.GetSliceBytes(z).Fill((byte)(z * 3 + 1)));
        for (int pass = 0; pass < 2; pass++)
        {
            Parallel.For(0, file.Depth, z => Assert.True(file.ReadSliceBytes(z).IndexOfAnyExcept((byte)(z * 3 + 1)) < 0));
        }

        Assert.True(file.ResidentWindowBytes > 0);
        file.Dispose();
    }

    [Fact]
    public void AnUnreachableFileBackedVolumeIsUnmappedByTheFinaliser()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var folder = new TempFolder();
        int Mapped() => File.ReadLines("/proc/self/maps").Count(l => l.Contains(folder.Path, StringComparison.Ordinal));
        [MethodImpl(MethodImplOptions.NoInlining)]
        void Create()
        {
            using (VolumeStorage.Enter(folder.Path, VolumeStorageMode.File))
            {
                new VoxelStack(256, 256, 64, VoxelDataType.UInt8).GetSliceBytes(3).Fill(7);
            }
        }

        Create();
        Assert.Equal(1, Mapped());
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.Equal(0, Mapped()); // the deleted file's mapping is gone, so its blocks are free

        // While an operation runs (a storage scope is open), a span of an unreachable volume may still
        // be in use: its mapping stays until the last scope closes, and then goes.
        var running = VolumeStorage.Enter(null);
        Create();
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.Equal(1, Mapped());
        running.Dispose();
        for (int i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.Equal(0, Mapped());
    }

    [Fact]
    public void FileStorageNeedsAnExistingScratchFolder()
    {
        using var folder = new TempFolder();
        using (VolumeStorage.Enter(Path.Combine(folder.Path, "missing"), VolumeStorageMode.File))
        {
            var ex = Assert.Throws<MicroMorphException>(() => new VoxelStack(8, 8, 8, VoxelDataType.UInt8));
            Assert.Equal("ScratchFolderNotFound", ex.ErrorId);
        }

        // Small volumes stay in memory in the default (automatic) mode, scratch folder or not.
        using (VolumeStorage.Enter(folder.Path))
        {
            Assert.False(new VoxelStack(8, 8, 8, VoxelDataType.UInt8).IsFileBacked);
        }
    }

    [Theory]
    [InlineData("v.tif", TiffCompression.None)]
    [InlineData("v.tif", TiffCompression.Deflate)]
    [InlineData("v.mhd", TiffCompression.None)]
    [InlineData("v.h5", TiffCompression.None)]
    public void ExportsAndImportsFileBackedVolumes(string name, TiffCompression compression)
    {
        // Writers read slices without dropping the content hash; readers fill a file-backed volume.
        using var folder = new TempFolder();
        var memory = new VoxelStack(64, 48, 40, VoxelDataType.UInt16);
        Fill(memory);
        using (VolumeStorage.Enter(folder.Path, VolumeStorageMode.File))
        {
            var file = new VoxelStack(64, 48, 40, VoxelDataType.UInt16);
            Fill(file);
            string hash = file.ContentHash;
            string path = folder.File(name);
            VolumeWriter.Write(file, path, VolumeFormat.Auto, new VolumeWriteOptions { Compression = compression });
            Assert.Equal(hash, file.ContentHash);
            var back = VolumeReader.Read([path], new VolumeReadOptions());
            Assert.True(back.IsFileBacked);
            Assert.Equal(memory.ContentHash, back.ContentHash);
        }
    }

    [Fact]
    public void StreamingOperatorsGiveTheSameResultsOnAFileBackedVolume()
    {
        // Gaussian and median filters (halos across slices), crop, down-sampling, phase profile and
        // intrinsic volumes: the same voxels and numbers whether the input lives in memory or in a file.
        using var folder = new TempFolder();
        var memory = new VoxelStack(96, 80, 70, VoxelDataType.UInt16);
        Fill(memory);
        var image = RandomPhaseImage.Create(60, 50, 40, 0.4, 5, VoxelSize.Uncalibrated);
        VoxelStack file;
        PhaseImage fileImage;
        using (VolumeStorage.Enter(folder.Path, VolumeStorageMode.File))
        {
            file = new VoxelStack(96, 80, 70, VoxelDataType.UInt16);
            Fill(file);
            fileImage = new PhaseImage(image.Width, image.Height, image.Depth, image.Phases);
            for (int z = 0; z < image.Depth; z++)
            {
                image.ReadSliceBytes(z).CopyTo(fileImage.GetSliceBytes(z));
            }

            var o = ComputeOptions.Default;
            Assert.Equal(GaussianFilter.Smooth(memory, 1.5, o).ContentHash, GaussianFilter.Smooth(file, 1.5, o).ContentHash);
            Assert.Equal(MedianFilter.Apply(memory, 1.5, o).ContentHash, MedianFilter.Apply(file, 1.5, o).ContentHash);
            var crop = RegionSelector.Crop(file, (3, 5, 7), (50, 40, 30), o);
            Assert.True(crop.IsFileBacked);
            Assert.Equal(RegionSelector.Crop(memory, (3, 5, 7), (50, 40, 30), o).ContentHash, crop.ContentHash);
            Assert.Equal(
                Downsampler.Downsample(memory, (2, 2, 2), DownsamplingMethod.Mean, o).ContentHash,
                Downsampler.Downsample(file, (2, 2, 2), DownsamplingMethod.Mean, o).ContentHash);
            Assert.Equal(PhaseProfile.Compute(image, FlowDirection.Z, o), PhaseProfile.Compute(fileImage, FlowDirection.Z, o));
            var distances = EuclideanDistanceTransform.Compute(fileImage, 1, false, o);
            Assert.True(distances.IsFileBacked);
            Assert.Equal(EuclideanDistanceTransform.Compute(image, 1, false, o).ContentHash, distances.ContentHash);
            Assert.Equal(
                IntrinsicVolumeAnalysis.Compute(image, image.Phases[1], EulerConnectivity.TwentySix, ObservationWindow.Stationary, o).SurfaceDensity,
                IntrinsicVolumeAnalysis.Compute(fileImage, fileImage.Phases[1], EulerConnectivity.TwentySix, ObservationWindow.Stationary, o).SurfaceDensity);
        }
    }

    [Theory]
    [InlineData(6, 1, 0.45)]
    [InlineData(6, 3, 0.55)]
    [InlineData(18, 1, 0.15)]
    [InlineData(18, 2, 0.2)]
    [InlineData(26, 1, 0.1)]
    [InlineData(26, 4, 0.12)]
    public void SlabWiseLabellingMatchesBreadthFirstFloodExactly(int connectivity, int slabDepth, double porosity)
    {
        // Near the percolation threshold, so components cross many slab faces and merge late.
        var image = RandomPhaseImage.Create(29, 23, 21, porosity, 300 + connectivity + slabDepth, VoxelSize.Uncalibrated);
        var expected = ConnectedComponentsTests.BruteForce(image, 1, connectivity, out int count);
        var particles = ConnectedComponents.Label(image, [image.Phases[1]], connectivity, ComputeOptions.Default, slabDepth);
        Assert.Equal(count, particles.Count);
        Assert.True(count > 10);
        for (int z = 0; z < image.Depth; z++)
        {
            var slice = particles.Labels.ReadSlice<uint>(z);
            for (int i = 0; i < slice.Length; i++)
            {
                Assert.Equal(expected[z * slice.Length + i], (int)slice[i]);
            }
        }
    }

    [Fact]
    public void AFileBackedImageIsLabelledSlabWiseWithTheSameLabels()
    {
        using var folder = new TempFolder();
        var image = RandomPhaseImage.Create(40, 31, 27, 0.3, 11, VoxelSize.Uncalibrated);
        var inMemory = ConnectedComponents.Label(image, [image.Phases[1]], 26, ComputeOptions.Default);
        PhaseImage file;
        ParticleImage particles;
        using (VolumeStorage.Enter(folder.Path, VolumeStorageMode.File))
        {
            file = new PhaseImage(image.Width, image.Height, image.Depth, image.Phases);
            for (int z = 0; z < image.Depth; z++)
            {
                image.ReadSliceBytes(z).CopyTo(file.GetSliceBytes(z));
            }

            particles = ConnectedComponents.Label(file, [file.Phases[1]], 26, ComputeOptions.Default);
        }

        Assert.True(particles.Labels.IsFileBacked);
        Assert.Equal(inMemory.Count, particles.Count);
        Assert.Equal(inMemory.Labels.ContentHash, particles.Labels.ContentHash);
    }
}
