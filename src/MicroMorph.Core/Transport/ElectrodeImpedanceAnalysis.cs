using System.Globalization;
using System.Numerics;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.Transport;

/// <summary>
/// The impedance of a porous electrode under blocking conditions (002 Section 4: "impedance spectroscopy in
/// symmetrical cell configuration under blocking condition"; Nguyen et al., npj Comput. Mater. 6, 123, 2020,
/// whose electrode tortuosity factor tau_e TauFactor's ImpedanceSolver computes). Ions move through the
/// electrolyte-carrying phases (relative conductivities, 002 Eq. 3's gamma) from the separator face
/// (coordinate 0, potential 1) and charge the double layer at the faces shared with the reactive phase
/// (capacitance per face area, times the interface fraction of 002 Eq. 5); the current collector (the last
/// slice) and the sides are insulating. In the frequency domain this is the complex-symmetric voxel system
/// sum_n g (phi - phi_n) + 2 g (phi - 1) [separator face] + i omega C phi = 0 (TauFactor's "variant 2": the
/// capacitor sits at the voxel centre), solved per frequency by <see cref="ConjugateOrthogonalGradientSolver"/>
/// on the finite-volume discretisation of the tortuosity solver, preconditioned by a V-cycle of the complex
/// operator itself (<see cref="ComplexMultigrid"/>, built once for the whole spectrum), each frequency starting
/// from the solution at the one below it. The current I = sum 2 g (1 - phi)
/// over the separator face comes from the stationary form I = S - (2 b^T phi - phi^T A phi), quadratically
/// accurate in the error of phi; Z = A_face / I per unit area.
/// Frequency domain rather than the step excitation the paper names: a step response needs implicit time steps
/// spanning the whole frequency range (hundreds of solves of L + C / dt, each as costly as a real conduction
/// solve) and a Fourier transform with its truncation error, while each frequency here is one preconditioned
/// complex solve of 10-30 iterations whose accuracy is set by the tolerance alone.
/// R_ion = 3 Re Z(omega -> 0) comes from one real solve: Re Z(0) = A_face c^T L^-1 c / C_tot^2 (expand
/// phi = 1 - i omega L^-1 c + ...), c the voxels' capacitive areas.
/// </summary>
public static class ElectrodeImpedanceAnalysis
{
    /// <summary>Frequencies above this multiple of epsilon / a have a penetration depth below half a voxel: the grid cannot resolve them.</summary>
    public const double ResolutionLimit = 4;

    /// <summary>Frequencies below this multiple of omega_0 leave the real part in the rounding of the capacitive imaginary part.</summary>
    public const double LowLimit = 1e-8;

    /// <summary>Bytes per voxel of the solve (see <see cref="Compute"/>).</summary>
    public static double BytesPerVoxel => 2 + 9 * 8 + ComplexMultigrid.BytesPerVoxel;

    public static ElectrodeImpedanceResult Compute(PhaseImage image, IReadOnlyList<ElectrolytePhase> electrolyte, IReadOnlyList<Phase> reactive, FlowDirection direction, ElectrodeImpedanceSettings settings, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(electrolyte);
        ArgumentNullException.ThrowIfNull(reactive);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        Validate(electrolyte, reactive, settings);
        int extent = DescriptorPreconditions.RequireExtent(image, direction, "an electrode between the separator face and the current collector");

        // Physical units: the voxel spacing along the direction in metres.
        double spacingMetres = double.NaN;
        if (settings.IsPhysical)
        {
            double? perUnit = LengthUnits.MetresPerUnit(image.VoxelSize.Unit);
            if (perUnit is null)
            {
                throw MicroMorphException.Argument("UncalibratedVoxelSize", $"Physical impedances need a calibrated voxel size; this image's voxel size is in '{image.VoxelSize.Unit}'. Set the voxel size (e.g. Import-VoxelStack -VoxelSize) or leave out the conductivity and capacitance for dimensionless results.", image.VoxelSize);
            }

            spacingMetres = direction.SpacingOf(image.VoxelSize) * perUnit.Value;
        }

        var stages = new StagedProgress(
            options,
            new ProgressStage("Counting phase voxels", 1),
            new ProgressStage("Building the electrode problem", 6),
            new ProgressStage("Solving for the ionic resistance", 10),
            new ProgressStage("Solving the impedance spectrum", 60),
            new ProgressStage("Through-pore tortuosity", 12));
        var counts = PhaseCounter.CountLabels(image, stages.Next());
        foreach (var e in electrolyte)
        {
            if (counts[e.Phase.Label] == 0)
            {
                throw MicroMorphException.InvalidData("EmptyPhase", $"The electrolyte phase '{e.Phase.Name}' has no voxels in this image.", e.Phase);
            }
        }

        string reactiveName = string.Join("+", reactive.Select(r => r.Name));
        if (reactive.All(r => counts[r.Label] == 0))
        {
            throw MicroMorphException.InvalidData("NoReactiveInterface", $"The reactive phase '{reactiveName}' has no voxels in this image, so there is no interface to charge. Name the active-material phase with -ReactivePhase.", reactiveName);
        }

        // Class and reactive-mask bytes, nine double vectors (complex solution and A x, the real right-hand side here;
        // complex residual and search direction in the solver's workspace, allocated once for all solves), and the
        // complex multigrid's coarse levels (more than the real multigrid of the R_ion solve, which is freed before).
        MemoryBudget.Require((double)image.VoxelCount * BytesPerVoxel, $"The impedance solve of a {image.Dimensions} volume", image);

        var classOf = new byte[256];
        var reactiveLabel = new bool[256];
        double reference = electrolyte.Max(e => e.Conductivity);
        var sigma = new double[electrolyte.Count];
        var fraction = new double[electrolyte.Count];
        long phaseVoxels = 0;
        for (int k = 0; k < electrolyte.Count; k++)
        {
            classOf[electrolyte[k].Phase.Label] = (byte)(k + 1);
            sigma[k] = electrolyte[k].Conductivity / reference;
            fraction[k] = electrolyte[k].InterfaceFraction;
            phaseVoxels += counts[electrolyte[k].Phase.Label];
        }

        foreach (var r in reactive)
        {
            reactiveLabel[r.Label] = true;
        }

        string name = string.Join("+", electrolyte.Select(e => e.Phase.Name));
        double epsilon = (double)phaseVoxels / image.VoxelCount;
        var problem = ConductionProblem.BuildElectrode(image, classOf, sigma, fraction, reactiveLabel, direction, settings.PeriodicSides, stages.Next());
        if (problem.ActiveVoxels == 0)
        {
            throw MicroMorphException.InvalidData("ElectrolyteNotConnected", $"No '{name}' voxel lies on the separator face (the first slice along {direction}), so no ionic current enters the electrode. Check -Direction (the separator is at coordinate 0, the current collector at the last slice) and the electrolyte phases.", name);
        }

        // Capacitive area: of all electrolyte voxels (TauFactor's a for the reference line) and of the connected ones (C_tot).
        double areaAll = problem.TotalReactiveArea;
        int depth = problem.Depth, n = problem.Width * problem.Height;
        var inner = options with { Progress = null };
        var c = ConjugateOrthogonalGradientSolver.New(depth, n);
        var parts = new double[depth];
        SliceIterator.For(depth, inner, string.Empty, z =>
        {
            double s = 0;
            for (int i = 0; i < n; i++)
            {
                double a = problem.ReactiveAreaOf(z, i);
                c[z][i] = a;
                s += a;
            }

            parts[z] = s;
        });
        double total = parts.Sum();
        if (!(total > 0))
        {
            throw MicroMorphException.InvalidData("NoReactiveInterface", $"No '{name}' voxel joined to the separator face touches the reactive phase '{reactiveName}' (with a non-zero interface fraction), so the blocking electrode has no capacitance and its impedance is infinite.", name);
        }

        double cross = problem.CrossSection;
        double volume = (double)image.VoxelCount * problem.Spacing[0] * problem.Spacing[1] * problem.Spacing[2];
        double a0 = areaAll / volume; // a h (per voxel volume, in units of the flow spacing)
        double omega0 = epsilon / (a0 * (double)extent * extent);
        double omegaE = omega0 / 4;

        // The frequencies (dimensionless angular).
        double physicalScale = double.NaN; // omega_hat = scale * omega_physical
        if (settings.IsPhysical)
        {
            physicalScale = settings.DoubleLayerCapacitance * spacingMetres / (settings.ElectrolyteConductivity * reference);
        }

        double[] omegas = settings.AngularFrequencies?.ToArray()
            ?? settings.Frequencies?.Select(f => 2 * Math.PI * f * physicalScale).ToArray()
            ?? DefaultGrid(omega0, epsilon / (16 * a0), settings.PointsPerDecade);
        double high = ResolutionLimit * epsilon / a0;
        for (int k = 0; k < omegas.Length; k++)
        {
            double given = settings.AngularFrequencies?[k] ?? settings.Frequencies?[k] ?? omegas[k];
            string unit = settings.AngularFrequencies is null && settings.Frequencies is not null ? " Hz" : " (dimensionless angular)";
            double toGiven = settings.AngularFrequencies is null && settings.Frequencies is not null ? 1 / (2 * Math.PI * physicalScale) : 1;
            if (omegas[k] > high)
            {
                throw MicroMorphException.Argument("FrequencyTooHigh", string.Create(CultureInfo.InvariantCulture, $"The frequency {given:G4}{unit} is too high for this voxel grid: the double layer would charge within half a voxel of the separator. Use frequencies up to {high * toGiven:G4}{unit} (or a finer voxel size)."), given);
            }

            if (omegas[k] < LowLimit * omega0)
            {
                throw MicroMorphException.Argument("FrequencyTooLow", string.Create(CultureInfo.InvariantCulture, $"The frequency {given:G4}{unit} is too low: the real part of the impedance would be lost in rounding against the capacitive part. Use frequencies from {LowLimit * omega0 * toGiven:G4}{unit} (the characteristic frequency is {omega0 * toGiven:G4}{unit})."), given);
            }
        }

        var xRe = ConjugateOrthogonalGradientSolver.New(depth, n);
        var xIm = ConjugateOrthogonalGradientSolver.New(depth, n);
        var aRe = ConjugateOrthogonalGradientSolver.New(depth, n);
        var aIm = ConjugateOrthogonalGradientSolver.New(depth, n);
        var work = new ConjugateOrthogonalGradientSolver.Workspace(depth, n);
        int iterations = 0;
        double worst = 0;
        bool converged = true;

        // R_ion: L u = c (real), Re Z(0) = A_face (2 c^T u - u^T L u) / C_tot^2.
        var dcStage = stages.Next();
        var dc = ConjugateOrthogonalGradientSolver.Solve(problem, 0, c, null, xRe, xIm, (aRe, aIm), settings.Tolerance, settings.MaximumIterations, dcStage with { Progress = null }, Reporter(dcStage.Progress, "Solving for the ionic resistance", string.Empty, 0, 1, settings.Tolerance), workspace: work);
        Tally(dc);
        var p2 = new double[depth];
        double cu = ConjugateOrthogonalGradientSolver.Bilinear(c, null, xRe, xIm, inner, parts, p2).Real;
        double uLu = ConjugateOrthogonalGradientSolver.Bilinear(xRe, xIm, aRe, aIm, inner, parts, p2).Real;
        double reZ0 = cross * (2 * cu - uLu) / (total * total);
        double ionic = 3 * reZ0;
        double limitTau = ionic * epsilon / extent;

        // Right-hand side: the separator face's conductance at potential 1 (in the storage of c, no longer needed).
        var b = c;
        SliceIterator.For(depth, inner, string.Empty, z => problem.RightHandSide(z, b[z]));
        double faceSum = 0;
        SliceIterator.For(depth, inner, string.Empty, z => parts[z] = b[z].Sum());
        faceSum = parts.Sum();

        // Initial guess at the lowest frequency: phi = 1 - i omega u (first order in omega; u = L^-1 c in xRe).
        // tau_e's frequency is solved once more unless it is one of the spectrum's (TauFactor's two frequencies include it).
        int sameAsE = Array.FindIndex(omegas, w => Math.Abs(w - omegaE) <= 1e-12 * omegaE);
        var order = omegas.Select((w, k) => (w, k)).Concat(sameAsE >= 0 ? [] : [(omegaE, -1)]).OrderBy(t => t.Item1).ToArray();
        double firstOmega = order[0].Item1;
        SliceIterator.For(depth, inner, string.Empty, z =>
        {
            var codes = problem.Codes[z];
            for (int i = 0; i < n; i++)
            {
                double u = xRe[z][i];
                xRe[z][i] = codes[i] != 0 ? 1 : 0;
                xIm[z][i] = codes[i] != 0 ? -firstOmega * u : 0;
            }
        });

        var spectrumStage = stages.Next();
        var multigrid = new ComplexMultigrid(problem, inner);
        var z = new Complex[omegas.Length];
        Complex zE = Complex.Zero;
        for (int step = 0; step < order.Length; step++)
        {
            var (omega, index) = order[step];
            string label = string.Create(CultureInfo.InvariantCulture, $"frequency {step + 1} of {order.Length}");
            spectrumStage.Progress?.Report(new ProgressReport("Solving the impedance spectrum", label, (double)step / order.Length));
            var outcome = ConjugateOrthogonalGradientSolver.Solve(problem, omega, b, null, xRe, xIm, (aRe, aIm), settings.Tolerance, settings.MaximumIterations, spectrumStage with { Progress = null }, Reporter(spectrumStage.Progress, "Solving the impedance spectrum", label + ", ", step, order.Length, settings.Tolerance), multigrid, work);
            Tally(outcome);
            var bx = ConjugateOrthogonalGradientSolver.Bilinear(b, null, xRe, xIm, inner, parts, p2);
            var xAx = ConjugateOrthogonalGradientSolver.Bilinear(xRe, xIm, aRe, aIm, inner, parts, p2);
            Complex current = faceSum - (2 * bx - xAx);
            Complex impedance = cross / current;
            if (index >= 0)
            {
                z[index] = impedance;
            }
            else
            {
                zE = impedance;
            }
        }

        if (sameAsE >= 0)
        {
            zE = z[sameAsE];
        }

        var zRef = TransmissionLine.Ladder(1 / epsilon, a0, extent, omegaE);
        double tauE = zE.Real / zRef.Real;

        double through = double.NaN;
        var throughStage = stages.Next();
        if (settings.ThroughTortuosity)
        {
            // Free the impedance vectors before the second solve.
            xRe = xIm = aRe = aIm = b = c = null!;
            work = null!;
            multigrid = null!;
            var conduction = EffectiveTransportAnalysis.Compute(
                image,
                electrolyte.Select(e => new PhaseConductivity(e.Phase, e.Conductivity)).ToList(),
                direction,
                new TransportSolverSettings { Tolerance = settings.Tolerance, MaximumIterations = settings.MaximumIterations, PeriodicSides = settings.PeriodicSides },
                throughStage);
            through = conduction.EffectiveTortuosity;
        }

        // Units.
        bool physical = settings.IsPhysical;
        double zScale = physical ? spacingMetres / (settings.ElectrolyteConductivity * reference) * 1e4 : 1; // Ohm m2 -> Ohm cm2
        double fScale = physical ? 1 / (2 * Math.PI * physicalScale) : 1;
        string zUnit = physical ? "Ohm cm2" : "h/sigma";
        string fUnit = physical ? "Hz" : "sigma/(C h)";
        // Frequencies given in the unit reported are reported exactly as given (no round trip through omega).
        var asGiven = physical ? settings.Frequencies : settings.AngularFrequencies;
        var spectrum = omegas.Select((w, k) => (w, k)).OrderBy(t => t.w)
            .Select(t => new ImpedancePoint(asGiven?[t.k] ?? t.w * fScale, z[t.k].Real * zScale, z[t.k].Imaginary * zScale, zUnit));
        double perUnitLength = 1 / direction.SpacingOf(image.VoxelSize);
        return new ElectrodeImpedanceResult(
            name,
            reactiveName,
            direction,
            epsilon,
            (double)problem.ActiveVoxels / phaseVoxels,
            a0 * perUnitLength,
            tauE,
            limitTau,
            through,
            ionic * zScale,
            omega0 * fScale,
            zUnit,
            fUnit,
            new ImpedanceSpectrum(spectrum, fUnit),
            order.Length + 1,
            iterations,
            worst,
            converged)
        {
            Source = image.Source,
        };

        void Tally(ConjugateOrthogonalGradientSolver.Outcome o)
        {
            iterations += o.Iterations;
            worst = Math.Max(worst, o.RelativeResidual);
            converged &= o.Converged;
        }
    }

    /// <summary>
    /// Progress of one solve within a stage of <paramref name="count"/> solves: the COCG iteration and its relative
    /// residual, at most every 200 ms; the fraction grows with log(residual) towards the tolerance and never goes back.
    /// </summary>
    private static Action<int, double>? Reporter(IProgress<ProgressReport>? progress, string activity, string prefix, int index, int count, double tolerance)
    {
        if (progress is null)
        {
            return null;
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        long last = -1000;
        double initial = double.NaN, reached = 0;
        return (iteration, residual) =>
        {
            if (double.IsNaN(initial))
            {
                initial = Math.Max(residual, tolerance * 10);
            }

            if (watch.ElapsedMilliseconds - last < 200)
            {
                return;
            }

            last = watch.ElapsedMilliseconds;
            reached = Math.Max(reached, Math.Clamp(Math.Log(initial / residual) / Math.Log(initial / tolerance), 0, 1));
            progress.Report(new ProgressReport(activity, string.Create(CultureInfo.InvariantCulture, $"{prefix}COCG iteration {iteration}, relative residual {residual:E2}"), (index + reached) / count));
        };
    }

    /// <summary>omega_0 / 10 to 1000 omega_0, log-spaced, capped at epsilon / (16 a): a penetration depth sqrt(epsilon / (omega a)) of at least 4 voxels, where the voxel line is within 1 % of the continuous one.</summary>
    private static double[] DefaultGrid(double omega0, double cap, int perDecade)
    {
        double low = omega0 / 10, high = Math.Min(1000 * omega0, cap);
        int count = Math.Max(2, (int)Math.Round(Math.Log10(high / low) * perDecade) + 1);
        return Enumerable.Range(0, count).Select(k => low * Math.Pow(high / low, (double)k / (count - 1))).ToArray();
    }

    private static void Validate(IReadOnlyList<ElectrolytePhase> electrolyte, IReadOnlyList<Phase> reactive, ElectrodeImpedanceSettings settings)
    {
        if (electrolyte.Count == 0)
        {
            throw MicroMorphException.Argument("NoElectrolytePhase", "Name at least one electrolyte-carrying phase (e.g. Pore = 1).", electrolyte);
        }

        if (electrolyte.Count > EffectiveTransportAnalysis.MaximumPhases)
        {
            throw MicroMorphException.Argument("TooManyPhases", $"At most {EffectiveTransportAnalysis.MaximumPhases} electrolyte phases can be given; {electrolyte.Count} were.", electrolyte);
        }

        if (reactive.Count == 0)
        {
            throw MicroMorphException.Argument("NoReactivePhase", "Name the reactive (active-material) phase whose interface with the electrolyte is charged.", reactive);
        }

        foreach (var e in electrolyte)
        {
            if (!(e.Conductivity > 0) || double.IsInfinity(e.Conductivity))
            {
                throw MicroMorphException.Argument("InvalidConductivity", string.Create(CultureInfo.InvariantCulture, $"The relative conductivity of '{e.Phase.Name}' is {e.Conductivity}; it must be finite and greater than 0 (leave a phase without electrolyte out)."), e);
            }

            if (!(e.InterfaceFraction >= 0 && e.InterfaceFraction <= 1))
            {
                throw MicroMorphException.Argument("InvalidInterfaceFraction", string.Create(CultureInfo.InvariantCulture, $"The interface fraction of '{e.Phase.Name}' is {e.InterfaceFraction}; it must lie in [0, 1] (002 Eq. 5 uses the CBD's porosity, 0.5)."), e);
            }
        }

        var duplicate = electrolyte.GroupBy(e => e.Phase.Label).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw MicroMorphException.Argument("DuplicatePhase", $"The phase '{duplicate.First().Phase.Name}' is given more than once.", duplicate.First().Phase);
        }

        var both = reactive.FirstOrDefault(r => electrolyte.Any(e => e.Phase.Label == r.Label));
        if (both is not null)
        {
            throw MicroMorphException.Argument("PhaseBothElectrolyteAndReactive", $"The phase '{both.Name}' is named both as an electrolyte phase and as the reactive phase; the capacitive interface lies between the two.", both);
        }

        if (!(settings.Tolerance > 0 && settings.Tolerance < 1))
        {
            throw MicroMorphException.Argument("InvalidTolerance", string.Create(CultureInfo.InvariantCulture, $"The tolerance must lie in (0, 1); it is {settings.Tolerance}."), settings.Tolerance);
        }

        if (settings.MaximumIterations < 1)
        {
            throw MicroMorphException.Argument("InvalidIterationLimit", $"The iteration limit must be at least 1; it is {settings.MaximumIterations}.", settings.MaximumIterations);
        }

        if (settings.PointsPerDecade < 1 || settings.PointsPerDecade > 100)
        {
            throw MicroMorphException.Argument("InvalidPointsPerDecade", $"Points per decade must lie in 1..100; it is {settings.PointsPerDecade}.", settings.PointsPerDecade);
        }

        if (settings.IsPhysical)
        {
            if (!(settings.ElectrolyteConductivity > 0) || double.IsInfinity(settings.ElectrolyteConductivity))
            {
                throw MicroMorphException.Argument("InvalidElectrolyteConductivity", string.Create(CultureInfo.InvariantCulture, $"The electrolyte conductivity is {settings.ElectrolyteConductivity} S/m; give a finite value above 0 (about 1 S/m for 1 M LiPF6 in EC:DMC) together with the double-layer capacitance."), settings.ElectrolyteConductivity);
            }

            if (!(settings.DoubleLayerCapacitance > 0) || double.IsInfinity(settings.DoubleLayerCapacitance))
            {
                throw MicroMorphException.Argument("InvalidCapacitance", string.Create(CultureInfo.InvariantCulture, $"The double-layer capacitance is {settings.DoubleLayerCapacitance} F/m2; give a finite value above 0 (about 0.1-0.2 F/m2, i.e. 10-20 uF/cm2) together with the electrolyte conductivity."), settings.DoubleLayerCapacitance);
            }
        }

        if (settings.AngularFrequencies is not null && settings.Frequencies is not null)
        {
            throw MicroMorphException.Argument("AmbiguousFrequencies", "Give either frequencies in Hz or dimensionless angular frequencies, not both.", settings);
        }

        if (settings.Frequencies is not null && !settings.IsPhysical)
        {
            throw MicroMorphException.Argument("PhysicalParametersRequired", "Frequencies in Hz need the electrolyte conductivity and the double-layer capacitance; give both, or leave the frequencies out for the default dimensionless grid.", settings.Frequencies);
        }

        var list = settings.AngularFrequencies ?? settings.Frequencies;
        if (list is not null)
        {
            if (list.Count == 0)
            {
                throw MicroMorphException.Argument("InvalidFrequency", "The frequency list is empty.", list);
            }

            foreach (double f in list)
            {
                if (!(f > 0) || double.IsInfinity(f))
                {
                    throw MicroMorphException.Argument("InvalidFrequency", string.Create(CultureInfo.InvariantCulture, $"The frequency {f} is not a finite positive number."), f);
                }
            }
        }
    }
}
