using System.Numerics;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Transport;
using Xunit;

namespace MicroMorph.Core.Tests.Transport;

/// <summary>
/// The blocking-electrode impedance against the de Levie transmission line (straight pores with reactive
/// walls are a transmission line with R = 1 / (sigma A_pore), C = C_dl P per unit length) and TauFactor's
/// definition of tau_e; bad input.
/// </summary>
public class ElectrodeImpedanceAnalysisTests
{
    private static readonly PhaseTable Phases = new([new Phase(0, "Pore", default), new Phase(1, "AM", default), new Phase(2, "CBD", default)]);
    private static readonly Phase Pore = Phases[0];
    private static readonly Phase AM = Phases[1];
    private static readonly Phase CBD = Phases[2];

    private static PhaseImage Image(int w, int h, int d, Func<int, int, int, byte> label, VoxelSize? size = null)
    {
        var image = new PhaseImage(w, h, d, Phases) { VoxelSize = size ?? new VoxelSize(1, 1, 1, "µm") };
        for (int z = 0; z < d; z++)
        {
            var s = image.GetLabels(z);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    s[y * w + x] = label(x, y, z);
                }
            }
        }

        return image;
    }

    /// <summary>Whether (a, b) lies in the voxelised disc of radius 2.6 about (5.5, 5.5): 24 voxels, 24 wall faces per slice.</summary>
    private static bool InDisc(int a, int b) => (a - 5.5) * (a - 5.5) + (b - 5.5) * (b - 5.5) <= 2.6 * 2.6;

    private static (int Area, int Perimeter) Disc()
    {
        int area = 0, perimeter = 0;
        for (int a = 0; a < 12; a++)
        {
            for (int b = 0; b < 12; b++)
            {
                if (InDisc(a, b))
                {
                    area++;
                    perimeter += (InDisc(a - 1, b) ? 0 : 1) + (InDisc(a + 1, b) ? 0 : 1) + (InDisc(a, b - 1) ? 0 : 1) + (InDisc(a, b + 1) ? 0 : 1);
                }
            }
        }

        return (area, perimeter);
    }

    /// <summary>A 12 x 12 cross-section with one cylindrical pore along <paramref name="direction"/>, active material around it.</summary>
    private static PhaseImage CylindricalPore(FlowDirection direction, int length, out int area, out int perimeter)
    {
        int w = direction == FlowDirection.X ? length : 12, h = direction == FlowDirection.Y ? length : 12, d = direction == FlowDirection.Z ? length : 12;
        var image = Image(w, h, d, (x, y, z) =>
        {
            var (a, b) = direction switch { FlowDirection.X => (y, z), FlowDirection.Y => (x, z), _ => (x, y) };
            return (byte)(InDisc(a, b) ? 0 : 1);
        });
        (area, perimeter) = Disc();
        return image;
    }

    private static ElectrodeImpedanceResult Run(PhaseImage image, FlowDirection direction, ElectrodeImpedanceSettings settings, params ElectrolytePhase[] electrolyte) =>
        ElectrodeImpedanceAnalysis.Compute(image, electrolyte.Length == 0 ? [new ElectrolytePhase(Pore, 1)] : electrolyte, [AM], direction, settings, ComputeOptions.Default);

    [Theory]
    [InlineData(FlowDirection.X)]
    [InlineData(FlowDirection.Y)]
    [InlineData(FlowDirection.Z)]
    public void CylindricalPoresMatchTheTransmissionLineOverFourDecades(FlowDirection direction)
    {
        const int length = 64;
        var image = CylindricalPore(direction, length, out int area, out int perimeter);
        Assert.Equal(24, area);
        Assert.Equal(24, perimeter);

        // Per pore: R = 1 / A_pore per voxel length, C = P per voxel length (unit face capacitance).
        double r = 1.0 / area, c = perimeter;
        double omegaC = 1 / (r * c * length * length);
        var omegas = Enumerable.Range(0, 17).Select(k => omegaC * Math.Pow(10, -2 + k / 4.0)).ToArray();
        var result = Run(image, direction, new ElectrodeImpedanceSettings { AngularFrequencies = omegas, Tolerance = 1e-8 });
        Assert.True(result.Converged);
        Assert.Equal(17, result.Spectrum.Count);
        Assert.Equal("h/sigma", result.ImpedanceUnit);
        var errors = new double[omegas.Length];
        for (int k = 0; k < omegas.Length; k++)
        {
            var point = result.Spectrum[k];
            Assert.Equal(omegas[k], point.Frequency, 1e-12 * omegas[k]);

            // The result is per unit electrode area (12 x 12 voxel faces): one pore's impedance times the area.
            var expected = TransmissionLine.Impedance(r, c, length, omegas[k]) * 144;
            var actual = new Complex(point.ZReal, point.ZImag);
            errors[k] = Complex.Abs(actual - expected) / Complex.Abs(expected);
        }

        Assert.True(errors.Max() < 0.01, "relative errors from omega_c / 100 to 100 omega_c: " + string.Join(", ", errors.Select(e => e.ToString("P2", System.Globalization.CultureInfo.InvariantCulture))));

        // R_ion = R L per pore (times the area); tau_e -> 1 in the continuum limit; straight pores: tau_eff = 1.
        Assert.Equal(144 * r * length, result.IonicResistance, 1e-3 * result.IonicResistance);
        Assert.Equal(1.0, result.ElectrodeTortuosityLimit, 1e-3);
        Assert.Equal(1.0, result.ThroughTortuosity, 1e-4);
        Assert.Equal(area / 144.0, result.VolumeFraction, 12);
        Assert.Equal(1.0, result.ConnectedFraction);
        Assert.Equal(perimeter * length / (144.0 * length), result.InterfaceDensity, 12);
    }

    [Fact]
    public void ElectrodeTortuosityFollowsTauFactorsLadderReference()
    {
        // TauFactor's tau_e = Re Z(omega_0 / 4) / Re Z_ladder(omega_0 / 4), the ladder with R = 1 / epsilon and
        // C = a per slice. For straight pores Z is the transmission line (per unit area: R = 1 / epsilon,
        // C = a), so tau_e = Re Z_TLM / Re Z_ladder, below 1 by the ladder's O(1 / N) discretisation.
        const int length = 48;
        var image = CylindricalPore(FlowDirection.Z, length, out int area, out int perimeter);
        var result = Run(image, FlowDirection.Z, new ElectrodeImpedanceSettings { AngularFrequencies = [1e-3], Tolerance = 1e-9 });
        double epsilon = area / 144.0, a = perimeter / 144.0;
        double omega0 = epsilon / (a * length * length);
        Assert.Equal(omega0, result.CharacteristicFrequency, 1e-12);
        double expected = TransmissionLine.Impedance(1 / epsilon, a, length, omega0 / 4).Real / TransmissionLine.Ladder(1 / epsilon, a, length, omega0 / 4).Real;
        Assert.InRange(expected, 0.95, 0.98);
        Assert.Equal(expected, result.ElectrodeTortuosity, 2e-3 * expected);
        Assert.Equal(3, result.Solves); // R_ion, 1e-3 and omega_0 / 4

        // At TauFactor's own two frequencies tau_e's is not solved again, and tau_e is Re Z(omega_0 / 4) over the ladder's.
        var taufactor = Run(image, FlowDirection.Z, new ElectrodeImpedanceSettings { AngularFrequencies = [omega0 / 2, omega0 / 4], Tolerance = 1e-9 });
        Assert.Equal(3, taufactor.Solves);
        Assert.Equal(omega0 / 4, taufactor.Spectrum[0].Frequency);
        Assert.Equal(taufactor.Spectrum[0].ZReal / TransmissionLine.Ladder(1 / epsilon, a, length, omega0 / 4).Real, taufactor.ElectrodeTortuosity, 1e-12);
        Assert.Equal(result.ElectrodeTortuosity, taufactor.ElectrodeTortuosity, 1e-7);
    }

    [Fact]
    public void ConductivityAndInterfaceFractionEnterAsTwoParallelLines()
    {
        // Two straight pores, one of pore (sigma 1, fraction 1), one of CBD (gamma 0.12, interface fraction 0.5):
        // in parallel, 1 / Z = 1 / Z_pore + 1 / Z_CBD with R = 1 / (sigma A), C = f P.
        const int length = 40;
        var image = Image(24, 12, length, (x, y, z) => x < 12 ? (byte)(InDisc(x, y) ? 0 : 1) : (byte)(InDisc(x - 12, y) ? 2 : 1));
        var (area, perimeter) = Disc();
        double omegaC = (double)area / (perimeter * length * length);
        double[] omegas = [omegaC / 100, omegaC / 10, omegaC, omegaC * 10];
        var result = Run(image, FlowDirection.Z, new ElectrodeImpedanceSettings { AngularFrequencies = omegas, Tolerance = 1e-9 }, new ElectrolytePhase(Pore, 1), new ElectrolytePhase(CBD, 0.12, 0.5));
        for (int k = 0; k < omegas.Length; k++)
        {
            var pore = TransmissionLine.Impedance(1.0 / area, perimeter, length, omegas[k]);
            var cbd = TransmissionLine.Impedance(1 / (0.12 * area), 0.5 * perimeter, length, omegas[k]);
            var expected = 24 * 12 / (1 / pore + 1 / cbd);
            var actual = new Complex(result.Spectrum[k].ZReal, result.Spectrum[k].ZImag);
            Assert.True(Complex.Abs(actual - expected) / Complex.Abs(expected) < 0.01, $"omega = {omegas[k]:G4}: {actual} against {expected}");
        }

        Assert.Equal("Pore+CBD", result.Phase);
    }

    [Fact]
    public void PhysicalUnitsMatchTheDimensionalTransmissionLine()
    {
        // 1 S/m, 0.1 F/m2, 2 µm voxels: one pore is a line with R' = 1 / (kappa A) Ohm/m, C' = C_dl P h F/m, L = N h.
        const int length = 40;
        var image = CylindricalPore(FlowDirection.Z, length, out int area, out int perimeter);
        image.VoxelSize = new VoxelSize(2, 2, 2, "µm");
        double h = 2e-6, kappa = 1, cdl = 0.1;
        double rPrime = 1 / (kappa * area * h * h), cPrime = cdl * perimeter * h, l = length * h;
        double fC = 1 / (2 * Math.PI * rPrime * cPrime * l * l);
        double[] hz = [fC / 100, fC / 10, fC, fC * 10];
        var result = Run(image, FlowDirection.Z, new ElectrodeImpedanceSettings { Frequencies = hz, ElectrolyteConductivity = kappa, DoubleLayerCapacitance = cdl, Tolerance = 1e-9 });
        Assert.Equal("Ohm cm2", result.ImpedanceUnit);
        Assert.Equal("Hz", result.FrequencyUnit);
        double faceArea = 144 * h * h * 1e4; // cm2
        for (int k = 0; k < hz.Length; k++)
        {
            var expected = TransmissionLine.Impedance(rPrime, cPrime, l, 2 * Math.PI * hz[k]) * faceArea;
            var actual = new Complex(result.Spectrum[k].ZReal, result.Spectrum[k].ZImag);
            Assert.Equal(hz[k], result.Spectrum[k].Frequency, 1e-9 * hz[k]);
            Assert.True(Complex.Abs(actual - expected) / Complex.Abs(expected) < 0.01, $"f = {hz[k]:G4} Hz: {actual} against {expected}");
        }

        Assert.Equal(rPrime * l * faceArea, result.IonicResistance, 2e-3 * result.IonicResistance);
    }

    [Fact]
    public void TortuousPoresRaiseTheElectrodeTortuosity()
    {
        // A zig-zag pore (steps of 4 voxels along z, shifted sideways by 3) is longer than the slab: tau_e > 1.
        var image = Image(12, 12, 48, (x, y, z) => (byte)(InDisc(x - (z / 4 % 2 == 0 ? 0 : 3) + 1, y) ? 0 : 1));
        var result = Run(image, FlowDirection.Z, new ElectrodeImpedanceSettings { AngularFrequencies = [1e-3] });
        Assert.True(result.ElectrodeTortuosityLimit > 1.02, $"tau_e = {result.ElectrodeTortuosityLimit}");
        Assert.True(result.ThroughTortuosity > 1.02);
        Assert.True(result.Converged);
    }

    [Fact]
    public void BadInputGivesTypedErrors()
    {
        var image = CylindricalPore(FlowDirection.Z, 16, out _, out _);
        string Id(Action a) => Assert.Throws<MicroMorphException>(a).ErrorId;
        var ok = new ElectrodeImpedanceSettings { AngularFrequencies = [1e-3] };
        Assert.Equal("InvalidFrequency", Id(() => Run(image, FlowDirection.Z, new ElectrodeImpedanceSettings { AngularFrequencies = [double.NaN] })));
        Assert.Equal("InvalidFrequency", Id(() => Run(image, FlowDirection.Z, new ElectrodeImpedanceSettings { AngularFrequencies = [0] })));
        Assert.Equal("InvalidFrequency", Id(() => Run(image, FlowDirection.Z, new ElectrodeImpedanceSettings { AngularFrequencies = [-1] })));
        Assert.Equal("InvalidFrequency", Id(() => Run(image, FlowDirection.Z, new ElectrodeImpedanceSettings { AngularFrequencies = [double.PositiveInfinity] })));
        Assert.Equal("FrequencyTooHigh", Id(() => Run(image, FlowDirection.Z, new ElectrodeImpedanceSettings { AngularFrequencies = [1e6] })));
        Assert.Equal("FrequencyTooLow", Id(() => Run(image, FlowDirection.Z, new ElectrodeImpedanceSettings { AngularFrequencies = [1e-30] })));
        Assert.Equal("PhysicalParametersRequired", Id(() => Run(image, FlowDirection.Z, new ElectrodeImpedanceSettings { Frequencies = [100] })));
        Assert.Equal("InvalidCapacitance", Id(() => Run(image, FlowDirection.Z, new ElectrodeImpedanceSettings { ElectrolyteConductivity = 1, DoubleLayerCapacitance = double.NaN, Frequencies = [1] })));
        Assert.Equal("InvalidElectrolyteConductivity", Id(() => Run(image, FlowDirection.Z, new ElectrodeImpedanceSettings { ElectrolyteConductivity = -1, DoubleLayerCapacitance = 0.1 })));
        Assert.Equal("InvalidConductivity", Id(() => Run(image, FlowDirection.Z, ok, new ElectrolytePhase(Pore, double.NaN))));
        Assert.Equal("InvalidInterfaceFraction", Id(() => Run(image, FlowDirection.Z, ok, new ElectrolytePhase(Pore, 1, 1.5))));
        Assert.Equal("PhaseBothElectrolyteAndReactive", Id(() => ElectrodeImpedanceAnalysis.Compute(image, [new ElectrolytePhase(AM, 1)], [AM], FlowDirection.Z, ok, ComputeOptions.Default)));
        Assert.Equal("NoReactivePhase", Id(() => ElectrodeImpedanceAnalysis.Compute(image, [new ElectrolytePhase(Pore, 1)], [], FlowDirection.Z, ok, ComputeOptions.Default)));
        Assert.Equal("EmptyPhase", Id(() => Run(image, FlowDirection.Z, ok, new ElectrolytePhase(CBD, 1))));

        // Uncalibrated voxels cannot give physical units.
        var uncalibrated = CylindricalPore(FlowDirection.Z, 16, out _, out _);
        uncalibrated.VoxelSize = VoxelSize.Uncalibrated;
        Assert.Equal("UncalibratedVoxelSize", Id(() => Run(uncalibrated, FlowDirection.Z, new ElectrodeImpedanceSettings { ElectrolyteConductivity = 1, DoubleLayerCapacitance = 0.1 })));

        // No reactive phase in the image; and the pore walled off from the active material by CBD.
        var noAm = Image(8, 8, 8, (x, y, z) => (byte)(x < 4 ? 0 : 2));
        Assert.Equal("NoReactiveInterface", Id(() => Run(noAm, FlowDirection.Z, ok)));
        var walled = Image(8, 8, 8, (x, y, z) => (byte)(x < 3 ? 0 : x < 5 ? 2 : 1));
        Assert.Equal("NoReactiveInterface", Id(() => Run(walled, FlowDirection.Z, ok)));

        // Electrolyte that does not reach the separator face: nothing enters the electrode.
        var sealedOff = Image(8, 8, 8, (x, y, z) => (byte)(z >= 2 && x < 3 ? 0 : 1));
        Assert.Equal("ElectrolyteNotConnected", Id(() => Run(sealedOff, FlowDirection.Z, ok)));
    }

    [Fact]
    public void ElectrolyteNotReachingTheCollectorStillHasAnImpedanceButNoThroughPath()
    {
        // Pores from the separator that end at inert CBD short of the collector: a shorter line; tau_eff is infinite.
        var image = Image(12, 12, 32, (x, y, z) => (byte)(InDisc(x, y) ? (z < 24 ? 0 : 2) : 1));
        var result = Run(image, FlowDirection.Z, new ElectrodeImpedanceSettings { AngularFrequencies = [1e-3] });
        Assert.True(double.IsPositiveInfinity(result.ThroughTortuosity));
        var (area, perimeter) = Disc();
        var expected = TransmissionLine.Impedance(1.0 / area, perimeter, 24, 1e-3) * 144;
        var actual = new Complex(result.Spectrum[0].ZReal, result.Spectrum[0].ZImag);
        Assert.True(Complex.Abs(actual - expected) / Complex.Abs(expected) < 0.01, $"{actual} against {expected}");
    }

    [Fact]
    public void ResultDoesNotDependOnTheThreadCount()
    {
        var image = Image(10, 9, 24, (x, y, z) => (byte)((x * 7 + y * 5 + z * 3) % 11 < 5 ? 0 : (x + y + z) % 7 == 0 ? 2 : 1));
        var settings = new ElectrodeImpedanceSettings { AngularFrequencies = [1e-3, 1e-2] };
        ElectrolytePhase[] electrolyte = [new ElectrolytePhase(Pore, 1), new ElectrolytePhase(CBD, 0.1, 0.5)];
        var one = ElectrodeImpedanceAnalysis.Compute(image, electrolyte, [AM], FlowDirection.Z, settings, new ComputeOptions { MaxDegreeOfParallelism = 1 });
        var two = ElectrodeImpedanceAnalysis.Compute(image, electrolyte, [AM], FlowDirection.Z, settings, new ComputeOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(one.Spectrum.Select(p => p.ZReal), two.Spectrum.Select(p => p.ZReal));
        Assert.Equal(one.Spectrum.Select(p => p.ZImag), two.Spectrum.Select(p => p.ZImag));
        Assert.Equal(one.ElectrodeTortuosity, two.ElectrodeTortuosity);
        Assert.Equal(one.IonicResistance, two.IonicResistance);
    }

    [Fact]
    public void CancellationStopsTheSolve()
    {
        var image = CylindricalPore(FlowDirection.Z, 32, out _, out _);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => ElectrodeImpedanceAnalysis.Compute(
            image, [new ElectrolytePhase(Pore, 1)], [AM], FlowDirection.Z, ElectrodeImpedanceSettings.Default, new ComputeOptions { CancellationToken = cts.Token }));
    }
}
