using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Transport;

/// <summary>
/// The finite-volume discretisation of steady conduction div(sigma grad phi) = 0 on the voxel grid:
/// one unknown per voxel of the percolating component, face conductances from the harmonic mean of
/// the two voxels' conductivities, potential 1 on the inlet face and 0 on the outlet face of the
/// volume (half a voxel from the first and last voxel centres, so the boundary link conducts
/// 2 sigma), no flux (or periodic) through the sides. Stored per z-slice: one class byte per voxel
/// (0 = not solved for); every conductance (and so the diagonal) is looked up from the class bytes
/// of the two voxels, so the matrix costs 1 byte per voxel.
/// For the blocking-electrode impedance (002 Section 4; Nguyen et al. 2020) the same discretisation serves
/// with an insulated outlet (the current collector: no ionic flux), the component joined to the inlet
/// (the separator) only, and a diagonal shift <see cref="Shift"/> times the capacitive interface area of
/// each voxel (one more byte per voxel: the bit mask of its faces towards the reactive phase).
/// </summary>
internal sealed class ConductionProblem
{
    private const byte FromInlet = 0x40;
    private const byte FromOutlet = 0x80;
    private const byte ClassMask = 0x3F;

    private readonly double[][] _links = new double[3][];

    /// <summary>Faces per voxel in the reactive bit mask (bit 0: -x, 1: +x, 2: -y, 3: +y, 4: -z, 5: +z).</summary>
    public const int ReactiveMasks = 64;

    private ConductionProblem(int width, int height, int depth, FlowDirection flow, bool periodic, double[] conductivities, double[] spacing, bool insulatedOutlet = false)
    {
        InsulatedOutlet = insulatedOutlet;
        Spacing = spacing;
        Width = width;
        Height = height;
        Depth = depth;
        Flow = flow;
        Classes = conductivities.Length + 1;
        PeriodicX = periodic && flow != FlowDirection.X;
        PeriodicY = periodic && flow != FlowDirection.Y;
        PeriodicZ = periodic && flow != FlowDirection.Z;
        Codes = new byte[depth][];

        // Face weight A_d / h_d in units of the flow-axis spacing (anisotropic voxels).
        double product = spacing[0] * spacing[1] * spacing[2];
        var sigma = new double[Classes];
        Array.Copy(conductivities, 0, sigma, 1, conductivities.Length);
        for (int d = 0; d < 3; d++)
        {
            double weight = product / (spacing[d] * spacing[d]);
            var table = new double[Classes * Classes];
            for (int a = 1; a < Classes; a++)
            {
                for (int b = 1; b < Classes; b++)
                {
                    table[a * Classes + b] = weight * 2 * sigma[a] * sigma[b] / (sigma[a] + sigma[b]);
                }
            }

            _links[d] = table;
        }

        int f = (int)flow;
        Boundary = new double[Classes];
        for (int a = 1; a < Classes; a++)
        {
            Boundary[a] = 2 * sigma[a] * product / (spacing[f] * spacing[f]);
        }

        Extent = flow switch { FlowDirection.X => width, FlowDirection.Y => height, _ => depth };
        CrossSection = flow switch
        {
            FlowDirection.X => height * spacing[1] * depth * spacing[2],
            FlowDirection.Y => width * spacing[0] * depth * spacing[2],
            _ => width * spacing[0] * height * spacing[1],
        };
    }

    public int Width { get; }

    /// <summary>Voxel spacing per axis in units of the flow-axis spacing.</summary>
    public double[] Spacing { get; }

    /// <summary>Only the inlet face holds a potential; the outlet face is insulating (the current collector of a blocking electrode).</summary>
    public bool InsulatedOutlet { get; }

    /// <summary>Per z-slice: the bit mask of each solved voxel's faces towards the reactive phase; null without a reactive phase.</summary>
    public byte[][]? Reactive { get; private set; }

    /// <summary>Interface area (in units of the flow-axis spacing squared) times the interface fraction of the class, per class * 64 + mask.</summary>
    public double[]? ReactiveArea { get; private set; }

    /// <summary>Added to the diagonal times the voxel's reactive area (the angular frequency of a preconditioner for L + i omega C; 0 otherwise).</summary>
    public double Shift { get; set; }

    /// <summary>Reactive area (times the interface fractions) of all electrolyte voxels, joined to the separator or not.</summary>
    public double TotalReactiveArea { get; private set; }

    public int Height { get; }

    public int Depth { get; }

    public FlowDirection Flow { get; }

    public int Classes { get; }

    public bool PeriodicX { get; }

    public bool PeriodicY { get; }

    public bool PeriodicZ { get; }

    /// <summary>Per z-slice: the conductivity class (1..K) of each solved voxel, 0 elsewhere.</summary>
    public byte[][] Codes { get; }

    /// <summary>Conductance of the half-voxel link to a Dirichlet face, per class.</summary>
    public double[] Boundary { get; }

    public double[] LinkX => _links[0];

    public double[] LinkY => _links[1];

    public double[] LinkZ => _links[2];

    /// <summary>Voxels along the flow direction.</summary>
    public int Extent { get; }

    /// <summary>Area of the inlet face in units of the flow-axis spacing squared.</summary>
    public double CrossSection { get; }

    /// <summary>Voxels solved for (the percolating component).</summary>
    public long ActiveVoxels { get; private set; }

    /// <summary>
    /// Bytes per voxel the problem and the solver allocate: class byte, three float32 vectors (r, p, A p or M^-1 r:
    /// <see cref="ConjugateGradientSolver"/>), the coarse levels of the multigrid preconditioner (24 bytes per coarse
    /// cell, 1/8 + 1/64 + ... of the voxels), and 0.5 for the queue of the percolation floods and the per-slice
    /// scratch (16.4 + 0.07 to 0.47 measured: TF-500^3 16.5, electrode 256^3 16.6, random 200^3 16.9).
    /// </summary>
    public const double BytesPerVoxel = 1 + (3 * 4) + (24.0 / 7) + 0.5;

    /// <summary>
    /// Classifies the voxels (<paramref name="classOfLabel"/>: 0 = not conducting, else 1..K), keeps
    /// the component connected to both the inlet and the outlet face (6-connected flood from each),
    /// and fills the diagonal.
    /// </summary>
    public static ConductionProblem Build(PhaseImage image, byte[] classOfLabel, double[] conductivities, FlowDirection flow, bool periodic, ComputeOptions options)
    {
        var size = image.VoxelSize;
        double h = flow.SpacingOf(size);
        double[] spacing = [size.X / h, size.Y / h, size.Z / h];
        var problem = new ConductionProblem(image.Width, image.Height, image.Depth, flow, periodic, conductivities, spacing);

        // Shares measured on the electrode (the sequential floods dominate).
        var stages = new StagedProgress(
            options,
            new ProgressStage("Classifying voxels", 1),
            new ProgressStage("Percolation flood from the inlet face", 3),
            new ProgressStage("Percolation flood from the outlet face", 3),
            new ProgressStage("Keeping the percolating component", 1));
        var conducting = problem.Classify(image, classOfLabel, stages.Next());

        options.CancellationToken.ThrowIfCancellationRequested();
        long candidates = conducting.Sum();
        problem.Flood(FromInlet, inlet: true, candidates, stages.Next());
        problem.Flood(FromOutlet, inlet: false, candidates, stages.Next());
        var counts = new long[image.Depth];
        SliceIterator.For(image.Depth, stages.Next(), "Keeping the percolating component", z =>
        {
            var codes = problem.Codes[z];
            long n = 0;
            for (int i = 0; i < codes.Length; i++)
            {
                byte c = codes[i];
                if ((c & (FromInlet | FromOutlet)) == (FromInlet | FromOutlet))
                {
                    codes[i] = (byte)(c & ClassMask);
                    n++;
                }
                else
                {
                    codes[i] = 0;
                }
            }

            counts[z] = n;
        });
        problem.ActiveVoxels = counts.Sum();
        return problem;
    }

    /// <summary>
    /// Fills <see cref="Codes"/> with the class of each voxel's label (0 = not conducting) and returns the
    /// conducting voxels per slice. Reads the labels read-only, so the image keeps its cached content hash.
    /// </summary>
    private long[] Classify(PhaseImage image, byte[] classOfLabel, ComputeOptions stage)
    {
        var conducting = new long[image.Depth];
        SliceIterator.For(image.Depth, stage, "Classifying voxels", z =>
        {
            var labels = image.ReadSliceBytes(z);
            var codes = new byte[labels.Length];
            long n = 0;
            for (int i = 0; i < codes.Length; i++)
            {
                byte c = classOfLabel[labels[i]];
                codes[i] = c;
                n += c != 0 ? 1 : 0;
            }

            Codes[z] = codes;
            conducting[z] = n;
        });
        return conducting;
    }

    /// <summary>
    /// The blocking electrode (002 Section 4; Nguyen et al. 2020): the electrolyte voxels
    /// (<paramref name="classOfLabel"/>: 0 = not electrolyte, else 1..K) 6-connected to the inlet face (the
    /// separator, potential 1), an insulated outlet face (the current collector), and for each kept voxel the
    /// faces it shares with a voxel of a reactive label (<paramref name="reactiveLabel"/>) inside the volume,
    /// weighted by the interface fraction of its class (002 Eq. 5: the CBD's porosity at a CBD-AM interface).
    /// </summary>
    public static ConductionProblem BuildElectrode(PhaseImage image, byte[] classOfLabel, double[] conductivities, double[] interfaceFraction, bool[] reactiveLabel, FlowDirection flow, bool periodic, ComputeOptions options)
    {
        var size = image.VoxelSize;
        double h = flow.SpacingOf(size);
        double[] spacing = [size.X / h, size.Y / h, size.Z / h];
        var problem = new ConductionProblem(image.Width, image.Height, image.Depth, flow, periodic, conductivities, spacing, insulatedOutlet: true);
        var stages = new StagedProgress(
            options,
            new ProgressStage("Classifying voxels", 1),
            new ProgressStage("Flood from the separator face", 3),
            new ProgressStage("Finding the reactive interface", 2));
        var conducting = problem.Classify(image, classOfLabel, stages.Next());

        options.CancellationToken.ThrowIfCancellationRequested();
        problem.Flood(FromInlet, inlet: true, conducting.Sum(), stages.Next());

        // Area of a face normal to x, y, z in units of the flow-axis spacing squared; per class and mask.
        double[] faceArea = [spacing[1] * spacing[2], spacing[0] * spacing[2], spacing[0] * spacing[1]];
        var area = new double[problem.Classes * ReactiveMasks];
        for (int c = 1; c < problem.Classes; c++)
        {
            for (int m = 0; m < ReactiveMasks; m++)
            {
                double a = 0;
                for (int bit = 0; bit < 6; bit++)
                {
                    a += (m >> bit & 1) * faceArea[bit / 2];
                }

                area[c * ReactiveMasks + m] = interfaceFraction[c - 1] * a;
            }
        }

        problem.ReactiveArea = area;
        problem.Reactive = new byte[image.Depth][];
        var counts = new long[image.Depth];
        var areas = new double[image.Depth];
        int w = image.Width, hgt = image.Height;
        SliceIterator.For(image.Depth, stages.Next(), "Finding the reactive interface", z =>
        {
            var codes = problem.Codes[z];
            var labels = image.ReadSliceBytes(z);
            int below = problem.Below(z), above = problem.Above(z);
            bool hasBelow = below >= 0, hasAbove = above >= 0;
            var lb = hasBelow ? image.ReadSliceBytes(below) : default;
            var la = hasAbove ? image.ReadSliceBytes(above) : default;
            var masks = new byte[codes.Length];
            long n = 0;
            double allArea = 0;
            for (int y = 0, i = 0; y < hgt; y++)
            {
                for (int x = 0; x < w; x++, i++)
                {
                    byte c = codes[i];
                    if ((c & ClassMask) == 0)
                    {
                        continue;
                    }

                    int m = 0;
                    if ((x > 0 || problem.PeriodicX) && reactiveLabel[labels[x > 0 ? i - 1 : i + w - 1]])
                    {
                        m |= 1;
                    }

                    if ((x < w - 1 || problem.PeriodicX) && reactiveLabel[labels[x < w - 1 ? i + 1 : i - w + 1]])
                    {
                        m |= 2;
                    }

                    if ((y > 0 || problem.PeriodicY) && reactiveLabel[labels[y > 0 ? i - w : i + (hgt - 1) * w]])
                    {
                        m |= 4;
                    }

                    if ((y < hgt - 1 || problem.PeriodicY) && reactiveLabel[labels[y < hgt - 1 ? i + w : i - (hgt - 1) * w]])
                    {
                        m |= 8;
                    }

                    if (hasBelow && reactiveLabel[lb[i]])
                    {
                        m |= 16;
                    }

                    if (hasAbove && reactiveLabel[la[i]])
                    {
                        m |= 32;
                    }

                    // TauFactor's a counts the interface of every electrolyte voxel; only those joined to the separator are solved for.
                    allArea += area[(c & ClassMask) * ReactiveMasks + m];
                    if ((c & FromInlet) == 0)
                    {
                        codes[i] = 0;
                        continue;
                    }

                    codes[i] = (byte)(c & ClassMask);
                    masks[i] = (byte)m;
                    n++;
                }
            }

            problem.Reactive[z] = masks;
            counts[z] = n;
            areas[z] = allArea;
        });
        problem.ActiveVoxels = counts.Sum();
        problem.TotalReactiveArea = areas.Sum();
        return problem;
    }

    /// <summary>The coordinate along the flow direction.</summary>
    public int FlowCoordinate(int x, int y, int z) => Flow.CoordinateOf(x, y, z);

    /// <summary>Index of the slice below/above z (periodic wrap when the sides are periodic), or -1.</summary>
    public int Below(int z) => z > 0 ? z - 1 : PeriodicZ ? Depth - 1 : -1;

    public int Above(int z) => z < Depth - 1 ? z + 1 : PeriodicZ ? 0 : -1;

    /// <summary>Number of Dirichlet faces (0, 1 or 2) voxel (x, y) of slice z touches.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private int FaceCount(int x, int y, int z)
    {
        int t = FlowCoordinate(x, y, z);
        return (t == 0 ? 1 : 0) + (!InsulatedOutlet && t == Extent - 1 ? 1 : 0);
    }

    /// <summary>
    /// Row i of the matrix applied to v without its diagonal term: s = sum over neighbours g v_n; and the
    /// diagonal d = sum of the neighbour conductances + the face conductances.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private double Row<T>(in SliceView<T> s, int x, int y, int i, int c, out double diagonal)
        where T : unmanaged
    {
        int w = Width, k = c * Classes;
        double sum = 0, d = 0, g;
        var codes = s.Codes;
        var v = s.Values;
        int j;
        if (x > 0 || PeriodicX)
        {
            j = x > 0 ? i - 1 : i + w - 1;
            g = LinkX[k + codes[j]];
            sum += g * MixedPrecision.Load(v[j]);
            d += g;
        }

        if (x < w - 1 || PeriodicX)
        {
            j = x < w - 1 ? i + 1 : i - w + 1;
            g = LinkX[k + codes[j]];
            sum += g * MixedPrecision.Load(v[j]);
            d += g;
        }

        if (y > 0 || PeriodicY)
        {
            j = y > 0 ? i - w : i + (Height - 1) * w;
            g = LinkY[k + codes[j]];
            sum += g * MixedPrecision.Load(v[j]);
            d += g;
        }

        if (y < Height - 1 || PeriodicY)
        {
            j = y < Height - 1 ? i + w : i - (Height - 1) * w;
            g = LinkY[k + codes[j]];
            sum += g * MixedPrecision.Load(v[j]);
            d += g;
        }

        if (s.BelowCodes is not null)
        {
            g = LinkZ[k + s.BelowCodes[i]];
            sum += g * MixedPrecision.Load(s.BelowValues![i]);
            d += g;
        }

        if (s.AboveCodes is not null)
        {
            g = LinkZ[k + s.AboveCodes[i]];
            sum += g * MixedPrecision.Load(s.AboveValues![i]);
            d += g;
        }

        diagonal = d + s.FaceCount(this, x, y) * Boundary[c];
        if (s.ReactiveMasks is not null)
        {
            diagonal += Shift * ReactiveArea![c * ReactiveMasks + s.ReactiveMasks[i]];
        }

        return sum;
    }

    /// <summary>Slice z of a vector (float32 or float64 elements) with its neighbour slices (null where there is none).</summary>
    private readonly struct SliceView<T>
        where T : unmanaged
    {
        public SliceView(ConductionProblem p, int z, T[][] v)
        {
            Z = z;
            Codes = p.Codes[z];
            Values = v[z];
            int below = p.Below(z), above = p.Above(z);
            BelowCodes = below >= 0 ? p.Codes[below] : null;
            BelowValues = below >= 0 ? v[below] : null;
            AboveCodes = above >= 0 ? p.Codes[above] : null;
            AboveValues = above >= 0 ? v[above] : null;
            SliceFaces = p.Flow == FlowDirection.Z ? (z == 0 ? 1 : 0) + (!p.InsulatedOutlet && z == p.Depth - 1 ? 1 : 0) : -1;
            ReactiveMasks = p.Reactive?[z];
        }

        public byte[]? ReactiveMasks { get; }

        public int Z { get; }

        public byte[] Codes { get; }

        public T[] Values { get; }

        public byte[]? BelowCodes { get; }

        public T[]? BelowValues { get; }

        public byte[]? AboveCodes { get; }

        public T[]? AboveValues { get; }

        private int SliceFaces { get; }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public int FaceCount(ConductionProblem p, int x, int y) => SliceFaces >= 0 ? SliceFaces : p.FaceCount(x, y, Z);
    }

    /// <summary>q = A v on slice z, formed in float64 and rounded once to the element type of q; returns the partial dot product v . A v of the slice (before that rounding).</summary>
    public double Apply<TV>(int z, TV[][] v, TV[][] q)
        where TV : unmanaged
    {
        var view = new SliceView<TV>(this, z, v);
        var codes = view.Codes;
        var v0 = view.Values;
        var result = q[z];
        double dot = 0;
        for (int y = 0, i = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++, i++)
            {
                int c = codes[i];
                if (c == 0)
                {
                    result[i] = default;
                    continue;
                }

                double s = Row(view, x, y, i, c, out double d);
                double vi = MixedPrecision.Load(v0[i]);
                double value = d * vi - s;
                result[i] = MixedPrecision.Store<TV>(value);
                dot += value * vi;
            }
        }

        return dot;
    }

    /// <summary>
    /// r = b - A v on slice z (b: <see cref="RightHandSide"/>), formed in float64 and rounded once to the element
    /// type of r, so a float32 r carries a rounding error relative to the residual, not to A v; returns b . b of the slice.
    /// </summary>
    public double Residual<TV, TR>(int z, TV[][] v, TR[] r)
        where TV : unmanaged
        where TR : unmanaged
    {
        var view = new SliceView<TV>(this, z, v);
        var codes = view.Codes;
        var v0 = view.Values;
        double bb = 0;
        for (int y = 0, i = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++, i++)
            {
                int c = codes[i];
                if (c == 0)
                {
                    r[i] = default;
                    continue;
                }

                double s = Row(view, x, y, i, c, out double d);
                double b = FlowCoordinate(x, y, z) == 0 ? Boundary[c] : 0;
                bb += b * b;
                r[i] = MixedPrecision.Store<TR>(b - ((d * MixedPrecision.Load(v0[i])) - s));
            }
        }

        return bb;
    }

    /// <summary>
    /// One Gauss-Seidel half-sweep on slice z over the voxels of one colour ((x + y + z) mod 2):
    /// v_i = (r_i + sum g v_n) / d_i. With <paramref name="fromZero"/> the neighbours are taken as 0
    /// and the other colour is cleared (the first sweep from v = 0). <paramref name="reverse"/> walks
    /// the slice backwards (the adjoint order, used by the post-smoother).
    /// </summary>
    public void Smooth<TR, TV>(int z, TR[][] r, TV[][] v, int colour, bool fromZero, bool reverse)
        where TR : unmanaged
        where TV : unmanaged
    {
        var view = new SliceView<TV>(this, z, v);
        var codes = view.Codes;
        var v0 = view.Values;
        var rz = r[z];
        int w = Width, hgt = Height;
        for (int n = 0; n < hgt; n++)
        {
            int y = reverse ? hgt - 1 - n : n;
            int first = (colour + y + z) & 1;
            if (reverse)
            {
                int last = w - 1 - (((w - 1) + y + z + colour) & 1);
                for (int x = last; x >= 0; x -= 2)
                {
                    Relax(x, y);
                }
            }
            else
            {
                for (int x = first; x < w; x += 2)
                {
                    Relax(x, y);
                }
            }

            if (fromZero)
            {
                for (int x = 1 - first; x < w; x += 2)
                {
                    v0[y * w + x] = default;
                }
            }
        }

        void Relax(int x, int y)
        {
            int i = y * w + x;
            int c = codes[i];
            if (c == 0)
            {
                return;
            }

            if (fromZero)
            {
                Row(view, x, y, i, c, out double d0);
                v0[i] = MixedPrecision.Store<TV>(MixedPrecision.Load(rz[i]) / d0);
            }
            else
            {
                double s = Row(view, x, y, i, c, out double d);
                v0[i] = MixedPrecision.Store<TV>((MixedPrecision.Load(rz[i]) + s) / d);
            }
        }
    }

    /// <summary>Adds the residual r - A v of fine slices 2 zc and 2 zc + 1 into the coarse slice zc (2 x 2 x 2 aggregates).</summary>
    public void RestrictResidual<TR, TV>(int zc, TR[][] r, TV[][] v, float[] coarse, int coarseWidth)
        where TR : unmanaged
        where TV : unmanaged
    {
        Array.Clear(coarse);
        for (int z = 2 * zc; z < Math.Min(Depth, 2 * zc + 2); z++)
        {
            var view = new SliceView<TV>(this, z, v);
            var codes = view.Codes;
            var v0 = view.Values;
            var rz = r[z];
            for (int y = 0, i = 0; y < Height; y++)
            {
                int row = (y >> 1) * coarseWidth;
                for (int x = 0; x < Width; x++, i++)
                {
                    int c = codes[i];
                    if (c == 0)
                    {
                        continue;
                    }

                    double s = Row(view, x, y, i, c, out double d);
                    coarse[row + (x >> 1)] += (float)(MixedPrecision.Load(rz[i]) - (d * MixedPrecision.Load(v0[i]) - s));
                }
            }
        }
    }

    /// <summary>v += e[parent] on slice z (piecewise-constant prolongation).</summary>
    public void Prolong<TV>(int z, TV[][] v, float[] coarse, int coarseWidth)
        where TV : unmanaged
    {
        var codes = Codes[z];
        var vz = v[z];
        for (int y = 0, i = 0; y < Height; y++)
        {
            int row = (y >> 1) * coarseWidth;
            for (int x = 0; x < Width; x++, i++)
            {
                if (codes[i] != 0)
                {
                    vz[i] = MixedPrecision.Store<TV>(MixedPrecision.Load(vz[i]) + coarse[row + (x >> 1)]);
                }
            }
        }
    }

    /// <summary>Conductance of voxel (x, y, z) of class c to the Dirichlet faces it touches.</summary>
    public double FaceConductance(int x, int y, int z, int c) => FaceCount(x, y, z) * Boundary[c];

    /// <summary>The diagonal beyond the links of voxel i = (x, y) of slice z: face conductances plus <see cref="Shift"/> times its reactive area.</summary>
    public double DiagonalExtra(int x, int y, int z, int i, int c) =>
        FaceConductance(x, y, z, c) + (Reactive is null ? 0 : Shift * ReactiveArea![c * ReactiveMasks + Reactive[z][i]]);

    /// <summary>Capacitive interface area of voxel i of slice z (0 when it is not solved for or there is no reactive phase).</summary>
    public double ReactiveAreaOf(int z, int i)
    {
        int c = Codes[z][i];
        return c == 0 || Reactive is null ? 0 : ReactiveArea![c * ReactiveMasks + Reactive[z][i]];
    }

    /// <summary>Right-hand side of slice z: the current injected by the inlet face at potential 1.</summary>
    public void RightHandSide(int z, double[] b)
    {
        Array.Clear(b);
        var codes = Codes[z];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                int i = y * Width + x;
                if (codes[i] != 0 && FlowCoordinate(x, y, z) == 0)
                {
                    b[i] = Boundary[codes[i]];
                }
            }
        }
    }

    /// <summary>
    /// Dissipated power of slice z's links (to +x, +y, +z neighbours and to the faces) for the potential v:
    /// sum of g (phi_a - phi_b)^2. At the solution it equals the current for a unit potential drop; for an
    /// approximation it exceeds it by the squared energy-norm error, so the estimate converges quadratically.
    /// </summary>
    public double Energy<TV>(int z, TV[][] v)
        where TV : unmanaged
    {
        var codes = Codes[z];
        var v0 = v[z];
        int above = Above(z);
        var ca = above >= 0 ? Codes[above] : null;
        var va = above >= 0 ? v[above] : null;
        int w = Width, hgt = Height, k = Classes, last = Extent - 1;
        double e = 0;
        for (int y = 0; y < hgt; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int i = y * w + x;
                int c = codes[i];
                if (c == 0)
                {
                    continue;
                }

                int row = c * k;
                double phi = MixedPrecision.Load(v0[i]);
                if (x < w - 1 || PeriodicX)
                {
                    int j = x < w - 1 ? i + 1 : i - w + 1;
                    double d = phi - MixedPrecision.Load(v0[j]);
                    e += LinkX[row + codes[j]] * d * d;
                }

                if (y < hgt - 1 || PeriodicY)
                {
                    int j = y < hgt - 1 ? i + w : i - (hgt - 1) * w;
                    double d = phi - MixedPrecision.Load(v0[j]);
                    e += LinkY[row + codes[j]] * d * d;
                }

                if (ca is not null)
                {
                    double d = phi - MixedPrecision.Load(va![i]);
                    e += LinkZ[row + ca[i]] * d * d;
                }

                int t = FlowCoordinate(x, y, z);
                if (t == 0)
                {
                    e += Boundary[c] * (1 - phi) * (1 - phi);
                }

                if (t == last)
                {
                    e += Boundary[c] * phi * phi;
                }
            }
        }

        return e;
    }

    /// <summary>Breadth-first flood through conducting voxels (face neighbours) from the inlet or outlet face, setting <paramref name="mark"/>.</summary>
    /// <summary>
    /// Marks the conducting voxels 6-connected to one Dirichlet face (breadth first, sequential), reporting
    /// the voxels reached out of the <paramref name="candidates"/> conducting voxels.
    /// </summary>
    private void Flood(byte mark, bool inlet, long candidates, ComputeOptions options)
    {
        var cancellation = options.CancellationToken;
        var progress = new ProgressCounter(candidates, options.Progress, inlet ? "Percolation flood from the inlet face" : "Percolation flood from the outlet face");
        int w = Width, hgt = Height, dep = Depth;
        long slice = (long)w * hgt;
        int face = inlet ? 0 : Extent - 1;
        var queue = new Queue<long>();
        for (int z = 0; z < dep; z++)
        {
            var codes = Codes[z];
            for (int y = 0; y < hgt; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int i = y * w + x;
                    if (FlowCoordinate(x, y, z) == face && (codes[i] & ClassMask) != 0 && (codes[i] & mark) == 0)
                    {
                        codes[i] |= mark;
                        queue.Enqueue(z * slice + i);
                    }
                }
            }
        }

        long visited = 0;
        while (queue.Count > 0)
        {
            if ((++visited & 0xFFFF) == 0)
            {
                cancellation.ThrowIfCancellationRequested();
                progress.Increment(0x10000);
            }

            long index = queue.Dequeue();
            int z = (int)(index / slice);
            int i = (int)(index - z * slice);
            int y = i / w;
            int x = i - y * w;
            if (x > 0 || PeriodicX)
            {
                Visit(z, x > 0 ? i - 1 : i + w - 1);
            }

            if (x < w - 1 || PeriodicX)
            {
                Visit(z, x < w - 1 ? i + 1 : i - w + 1);
            }

            if (y > 0 || PeriodicY)
            {
                Visit(z, y > 0 ? i - w : i + (hgt - 1) * w);
            }

            if (y < hgt - 1 || PeriodicY)
            {
                Visit(z, y < hgt - 1 ? i + w : i - (hgt - 1) * w);
            }

            int below = Below(z), above = Above(z);
            if (below >= 0)
            {
                Visit(below, i);
            }

            if (above >= 0)
            {
                Visit(above, i);
            }
        }

        void Visit(int z, int i)
        {
            byte c = Codes[z][i];
            if ((c & ClassMask) != 0 && (c & mark) == 0)
            {
                Codes[z][i] = (byte)(c | mark);
                queue.Enqueue(z * slice + i);
            }
        }
    }
}
