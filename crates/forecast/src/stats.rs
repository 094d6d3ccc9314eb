//! Small numerical helpers: the normal distribution (CDF, quantile), and the random draws the
//! model fit needs (uniform, normal, truncated normal, gamma). Written here rather than pulled
//! from a crate because they are a few dozen lines and the fit needs exactly these.

use rand::RngCore;

/// Complementary error function, fractional error below 1.2e-7 everywhere (Chebyshev fit,
/// Numerical Recipes `erfcc`). Enough for tables of days and for truncation points.
pub fn erfc(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let ans = t * poly.exp();
    if x >= 0.0 {
        ans
    } else {
        2.0 - ans
    }
}

/// Standard normal CDF.
pub fn norm_cdf(x: f64) -> f64 {
    0.5 * erfc(-x * std::f64::consts::FRAC_1_SQRT_2)
}

/// Standard normal survival function `1 - Φ(x)`, accurate in the upper tail.
pub fn norm_sf(x: f64) -> f64 {
    0.5 * erfc(x * std::f64::consts::FRAC_1_SQRT_2)
}

/// Standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).
/// `p <= 0` gives `-inf`, `p >= 1` gives `+inf`, NaN gives NaN.
pub fn norm_ppf(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.024_25;
    if p.is_nan() {
        return f64::NAN;
    }
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    if p < P_LOW {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -norm_ppf(1.0 - p)
    }
}

/// The quantile `z` with upper-tail probability `q` (`1 - Φ(z) = q`), accurate for tiny `q`.
pub fn norm_isf(q: f64) -> f64 {
    -norm_ppf(q)
}

/// A uniform draw in the open interval (0, 1).
pub fn uniform(rng: &mut impl RngCore) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

/// A standard normal draw (inverse CDF of an open uniform: never infinite).
pub fn normal(rng: &mut impl RngCore) -> f64 {
    norm_ppf(uniform(rng))
}

/// A standard normal draw conditioned on `z <= hi` (`upper = false`) or `z > lo`
/// (`upper = true`), by inversion on the side of the tail that keeps precision.
pub fn truncated_normal(rng: &mut impl RngCore, bound: f64, upper: bool) -> f64 {
    // When the allowed side holds at least half the mass, plain rejection is cheaper than
    // inversion (at most two draws on average).
    if (upper && bound <= 0.0) || (!upper && bound >= 0.0) {
        for _ in 0..64 {
            let z = normal(rng);
            if (upper && z > bound) || (!upper && z <= bound) {
                return z;
            }
        }
    }
    let u = uniform(rng);
    let z = if upper {
        // z > bound: sample the survival function.
        let s = norm_sf(bound);
        if s <= 0.0 || !s.is_finite() {
            return bound;
        }
        norm_isf(u * s)
    } else {
        // z <= bound.
        let c = norm_cdf(bound);
        if c <= 0.0 || !c.is_finite() {
            return bound;
        }
        norm_ppf(u * c)
    };
    if !z.is_finite() {
        return bound;
    }
    // Rounding in the tails may step just over the bound.
    if upper {
        z.max(bound)
    } else {
        z.min(bound)
    }
}

/// A Gamma(shape, 1) draw, Marsaglia and Tsang's method (shape < 1 by boosting).
pub fn gamma(rng: &mut impl RngCore, shape: f64) -> f64 {
    if shape.is_nan() || shape <= 0.0 || !shape.is_finite() {
        return f64::NAN;
    }
    if shape < 1.0 {
        let u = uniform(rng);
        return gamma(rng, shape + 1.0) * u.powf(1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let x = normal(rng);
        let v = 1.0 + c * x;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u = uniform(rng);
        if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
            return d * v;
        }
    }
}

/// An inverse-gamma(shape, scale) draw: `scale / Gamma(shape, 1)`.
pub fn inv_gamma(rng: &mut impl RngCore, shape: f64, scale: f64) -> f64 {
    let g = gamma(rng, shape);
    if g > 0.0 && g.is_finite() {
        scale / g
    } else {
        scale / shape.max(1e-9)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-300)
    }

    #[test]
    fn erfc_matches_reference_values() {
        // Reference values to 15 digits (Abramowitz and Stegun; mpmath).
        let cases = [
            (0.0, 1.0),
            (0.5, 0.479_500_122_186_953_5),
            (1.0, 0.157_299_207_050_285_1),
            (2.0, 0.004_677_734_981_047_266),
            (3.0, 2.209_049_699_858_544e-5),
            (5.0, 1.537_459_794_428_035e-12),
            (-1.0, 1.842_700_792_949_715),
        ];
        for (x, want) in cases {
            assert!(
                close(erfc(x), want, 2e-7),
                "erfc({x}) = {} not {want}",
                erfc(x)
            );
        }
    }

    #[test]
    fn ppf_inverts_cdf() {
        for &p in &[
            1e-12, 1e-6, 0.001, 0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.999_999,
        ] {
            let z = norm_ppf(p);
            assert!(
                close(norm_cdf(z), p, 1e-6),
                "p {p} z {z} cdf {}",
                norm_cdf(z)
            );
        }
        assert!((norm_ppf(0.975) - 1.959_963_984_540_054).abs() < 1e-8);
        assert_eq!(norm_ppf(0.0), f64::NEG_INFINITY);
        assert_eq!(norm_ppf(1.0), f64::INFINITY);
        assert!(norm_ppf(f64::NAN).is_nan());
    }

    #[test]
    fn truncated_normal_respects_bounds_and_mean() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let n = 200_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let z = truncated_normal(&mut rng, 1.0, true);
            assert!(z >= 1.0);
            sum += z;
        }
        // E[Z | Z > 1] = φ(1) / (1 - Φ(1)) = 1.525135...
        let mean = sum / n as f64;
        assert!((mean - 1.525_135).abs() < 0.01, "mean {mean}");
        for _ in 0..1000 {
            assert!(truncated_normal(&mut rng, -2.0, false) <= -2.0);
            // Far tail: stays finite and beyond the bound.
            let far = truncated_normal(&mut rng, 9.0, true);
            assert!(far.is_finite() && far >= 9.0);
        }
    }

    #[test]
    fn gamma_has_the_right_mean_and_variance() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        for &shape in &[0.5, 2.0, 7.5] {
            let n = 200_000;
            let xs: Vec<f64> = (0..n).map(|_| gamma(&mut rng, shape)).collect();
            let mean = xs.iter().sum::<f64>() / n as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
            assert!(
                (mean - shape).abs() < 0.03 * shape.max(1.0),
                "{shape}: {mean}"
            );
            assert!(
                (var - shape).abs() < 0.06 * shape.max(1.0),
                "{shape}: {var}"
            );
        }
        assert!(gamma(&mut rng, -1.0).is_nan());
    }
}
