namespace MicroMorph.Core.IO;

/// <summary>File formats MicroMorph reads and writes.</summary>
public enum VolumeFormat
{
    /// <summary>Chosen from the file extension.</summary>
    Auto,

    /// <summary>Multi-page TIFF / BigTIFF with ImageJ metadata.</summary>
    Tiff,

    /// <summary>Raw voxels plus a MetaImage (.mhd) header that carries dimensions, type and voxel size.</summary>
    Raw,

    /// <summary>An HDF5 dataset (3D, z-y-x order) with an <c>element_size_um</c> attribute.</summary>
    Hdf5,

    /// <summary>One PNG file per z-slice (8- or 16-bit grey).</summary>
    PngSlices,
}
