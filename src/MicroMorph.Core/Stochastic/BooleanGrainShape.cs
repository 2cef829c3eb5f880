namespace MicroMorph.Core.Stochastic;

/// <summary>The grain family a Boolean model is calibrated with (<see cref="BooleanModelCalibration"/>).</summary>
public enum BooleanGrainShape
{
    /// <summary>Balls of one radius r: parameters lambda, r.</summary>
    Ball,

    /// <summary>Balls with exponential radii of rate theta (001 Section 3.1.3): parameters lambda, theta.</summary>
    ExponentialBall,

    /// <summary>Isotropic oblate gamma spheroids (001 Section 3.1.1): parameters lambda, alpha1, alpha2, gamma.</summary>
    Spheroid,
}
