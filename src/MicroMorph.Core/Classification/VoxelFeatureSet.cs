using System.Globalization;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Classification;

/// <summary>
/// The features a voxel classifier is trained on and predicts with: a list of (family, sigma)
/// and whether filters run per z-slice in 2-D (Trainable Weka Segmentation, 001 Section 2.3.1)
/// or in 3-D (ilastik, 001 Section 2.3.2). Immutable; a classifier file records it, and
/// <see cref="ComputationVersion"/> names how the channels are computed, so a file from a
/// different computation is refused rather than silently mispredicting.
/// </summary>
public sealed class VoxelFeatureSet : IEquatable<VoxelFeatureSet>
{
    /// <summary>Name of the preset of 001 Section 2.3.2.</summary>
    public const string Grafensteiner2021 = "Grafensteiner2021";

    /// <summary>
    /// Version of the channel computation (kernels truncated at 3 sigma as VIGRA/ilastik, mirrored
    /// borders, structure tensor outer scale sigma / 2, eigenvalues descending); bump on any change.
    /// </summary>
    public const int ComputationVersion = 1;

    /// <summary>Kernel half-width in standard deviations (VIGRA's default window, which ilastik uses).</summary>
    public const double KernelTruncation = 3.0;

    private readonly VoxelFeature[] _features;

    public VoxelFeatureSet(IEnumerable<VoxelFeature> features, int dimensions, string name = "Custom")
    {
        ArgumentNullException.ThrowIfNull(features);
        _features = features.ToArray();
        if (dimensions is not (2 or 3))
        {
            throw MicroMorphException.Argument("InvalidFeatureDimensions", $"Features are computed in 2 (per slice) or 3 dimensions; {dimensions} was given.", dimensions);
        }

        if (_features.Length == 0)
        {
            throw MicroMorphException.Argument("EmptyFeatureSet", "The feature set holds no feature.", name);
        }

        foreach (var f in _features)
        {
            if (!Enum.IsDefined(f.Kind))
            {
                throw MicroMorphException.Argument("UnknownFeature", $"Feature kind {(int)f.Kind} is not known.", f);
            }

            if (!(f.Sigma >= 0.3 && f.Sigma <= 100))
            {
                throw MicroMorphException.Argument("InvalidFeatureSigma", string.Create(CultureInfo.InvariantCulture, $"The scale of {f.Kind} must be between 0.3 and 100 voxels; it is {f.Sigma}."), f);
            }
        }

        if (_features.Distinct().Count() != _features.Length)
        {
            throw MicroMorphException.Argument("DuplicateFeature", "A feature appears twice in the feature set.", name);
        }

        Dimensions = dimensions;
        Name = string.IsNullOrWhiteSpace(name) ? "Custom" : name;
        ChannelNames = _features.SelectMany(ChannelNamesOf).ToArray();
    }

    /// <summary>2: per z-slice; 3: in the volume.</summary>
    public int Dimensions { get; }

    public string Name { get; }

    public IReadOnlyList<VoxelFeature> Features => _features;

    /// <summary>One name per channel, in the order the classifier sees them, e.g. "HessianEigenvalues(1.6)[0]".</summary>
    public IReadOnlyList<string> ChannelNames { get; }

    public int ChannelCount => ChannelNames.Count;

    /// <summary>
    /// The input slices a slice's channels read on either side: the largest kernel half-width, for
    /// the structure tensor the inner plus the outer one.
    /// </summary>
    internal int MaximumRadius => _features.Max(f =>
        Radius(f.Sigma) + (f.Kind == VoxelFeatureKind.StructureTensorEigenvalues ? Radius(f.Sigma / 2) : 0));

    private static int Radius(double sigma) => (int)(KernelTruncation * sigma + 0.5);

    /// <summary>
    /// The feature set of 001 Section 2.3.2: Gaussian smoothing (sigma 5.0), gradient magnitude
    /// (15.0), structure-tensor eigenvalues (3.5, 5.0) and Hessian eigenvalues (1.6, 5.0), in voxels;
    /// 14 channels in 3-D, 10 in 2-D.
    /// </summary>
    public static VoxelFeatureSet Preset(string name, int dimensions)
    {
        if (string.Equals(name, Grafensteiner2021, StringComparison.OrdinalIgnoreCase))
        {
            return new VoxelFeatureSet(
                [
                    new(VoxelFeatureKind.GaussianSmoothing, 5.0),
                    new(VoxelFeatureKind.GradientMagnitude, 15.0),
                    new(VoxelFeatureKind.StructureTensorEigenvalues, 3.5),
                    new(VoxelFeatureKind.StructureTensorEigenvalues, 5.0),
                    new(VoxelFeatureKind.HessianEigenvalues, 1.6),
                    new(VoxelFeatureKind.HessianEigenvalues, 5.0),
                ],
                dimensions,
                Grafensteiner2021);
        }

        throw MicroMorphException.Argument("UnknownFeaturePreset", $"The feature preset '{name}' is not known; use {Grafensteiner2021} or give the features.", name);
    }

    /// <summary>Every family at every given scale (ilastik's feature-selection grid).</summary>
    public static VoxelFeatureSet Grid(IEnumerable<VoxelFeatureKind> kinds, IEnumerable<double> sigmas, int dimensions) =>
        new(kinds.SelectMany(k => sigmas.Select(s => new VoxelFeature(k, s))), dimensions);

    private IEnumerable<string> ChannelNamesOf(VoxelFeature f)
    {
        int n = f.ChannelCount(Dimensions);
        for (int c = 0; c < n; c++)
        {
            yield return n == 1 ? f.ToString() : string.Create(CultureInfo.InvariantCulture, $"{f}[{c}]");
        }
    }

    public bool Equals(VoxelFeatureSet? other) =>
        other is not null && other.Dimensions == Dimensions && other._features.SequenceEqual(_features);

    public override bool Equals(object? obj) => Equals(obj as VoxelFeatureSet);

    public override int GetHashCode() => HashCode.Combine(Dimensions, _features.Length, _features[0]);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name} {Dimensions}-D: {string.Join(", ", _features.Select(f => f.ToString()))} ({ChannelCount} channels)");
}
