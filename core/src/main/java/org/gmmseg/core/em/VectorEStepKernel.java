package org.gmmseg.core.em;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The E-step kernel with the JDK's Vector API: {@link #SPECIES} lanes at once, the lane-wise twin
 * of {@link ScalarEStepKernel}, statement for statement, so both give the same bits. Loaded only
 * through {@link VectorSupport}, when the incubator module {@code jdk.incubator.vector} is present.
 */
final class VectorEStepKernel extends EStepKernel {
    /** The machine's preferred width; {@code -Dgmmseg.simd.bits=256} (or 128) narrows it, to measure the difference. */
    static final VectorSpecies<Double> SPECIES = species(Integer.getInteger("gmmseg.simd.bits", 0));
    private static final int P = SPECIES.length();

    private static VectorSpecies<Double> species(int bits) {
        return switch (bits) {
            case 128 -> DoubleVector.SPECIES_128;
            case 256 -> DoubleVector.SPECIES_256;
            case 512 -> DoubleVector.SPECIES_512;
            default -> DoubleVector.SPECIES_PREFERRED;
        };
    }

    VectorEStepKernel(int k, int d, boolean triangular) {
        super(k, d, triangular);
        this.rgb = d == 3 && triangular;
        if (P < 2 || LANES % P != 0) {
            throw new IllegalStateException("vector length " + P + " does not divide " + LANES);
        }
    }

    /** D = 3 with full or tied covariances (colours): straight-line code with values in registers. */
    private final boolean rgb;

    // Each phase is small enough for C2 to inline every Vector API call and the exp and log into
    // it; no vector crosses a method boundary, so none is ever boxed.
    @Override
    void logProbabilities(double[] x, int xOffset, KernelModel model) {
        if (rgb) {
            logProbabilities3(x, xOffset, model);
        } else {
            logProbabilitiesAnyD(x, xOffset, model);
        }
    }

    @Override
    void moments(double[] x, int xOffset, KernelModel model) {
        if (rgb) {
            moments3(x, xOffset, model);
        } else {
            momentsAnyD();
        }
    }

    /**
     * {@link #logProbabilitiesAnyD} for D = 3 with full or tied covariances (colour features), in
     * straight-line code with the differences kept in registers; the same operations in the same
     * order, so the same bits. Does not fill {@link #diff}: {@link #moments3} recomputes it.
     */
    private void logProbabilities3(double[] x, int xOffset, KernelModel model) {
        final int lanes = LANES;
        final double[] means = model.means;
        final double[] a = model.factor;
        for (int q = 0; q < lanes; q += P) {
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, x, xOffset + q);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, x, xOffset + lanes + q);
            DoubleVector x2 = DoubleVector.fromArray(SPECIES, x, xOffset + 2 * lanes + q);
            DoubleVector max = DoubleVector.broadcast(SPECIES, Double.NEGATIVE_INFINITY);
            DoubleVector zero = DoubleVector.zero(SPECIES);
            for (int c = 0; c < k; c++) {
                int mo = c * 3;
                int p = c * 6;
                DoubleVector d0 = x0.sub(means[mo]);
                DoubleVector d1 = x1.sub(means[mo + 1]);
                DoubleVector d2 = x2.sub(means[mo + 2]);
                DoubleVector y0 = d0.mul(a[p]);
                DoubleVector sq = y0.fma(y0, zero);
                DoubleVector y1 = d1.fma(DoubleVector.broadcast(SPECIES, a[p + 2]), d0.mul(a[p + 1]));
                sq = y1.fma(y1, sq);
                DoubleVector y2 = d2.fma(DoubleVector.broadcast(SPECIES, a[p + 5]),
                        d1.fma(DoubleVector.broadcast(SPECIES, a[p + 4]), d0.mul(a[p + 3])));
                sq = y2.fma(y2, sq);
                DoubleVector lp = sq.fma(-0.5, model.constants[c]);
                lp.intoArray(logProb, c * lanes + q);
                max = max.max(lp);
            }
            max.intoArray(maxBuf, q);
        }
    }

    /** {@link #momentsAnyD} for D = 3, full or tied: the same operations, differences recomputed. */
    private void moments3(double[] x, int xOffset, KernelModel model) {
        final int lanes = LANES;
        final double[] means = model.means;
        for (int q = 0; q < lanes; q += P) {
            DoubleVector scale = DoubleVector.fromArray(SPECIES, scaleBuf, q);
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, x, xOffset + q);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, x, xOffset + lanes + q);
            DoubleVector x2 = DoubleVector.fromArray(SPECIES, x, xOffset + 2 * lanes + q);
            for (int c = 0; c < k; c++) {
                DoubleVector r = DoubleVector.fromArray(SPECIES, logProb, c * lanes + q).mul(scale);
                if (!r.compare(VectorOperators.NE, 0.0).anyTrue()) {
                    continue; // adds exactly nothing
                }
                int nkIndex = c * lanes + q;
                DoubleVector.fromArray(SPECIES, accNk, nkIndex).add(r).intoArray(accNk, nkIndex);
                int mo = c * 3;
                DoubleVector d0 = x0.sub(means[mo]);
                DoubleVector d1 = x1.sub(means[mo + 1]);
                DoubleVector d2 = x2.sub(means[mo + 2]);
                DoubleVector rd0 = r.mul(d0);
                DoubleVector rd1 = r.mul(d1);
                DoubleVector rd2 = r.mul(d2);
                int s1 = c * 3 * lanes + q;
                add(accS1, s1, rd0);
                add(accS1, s1 + lanes, rd1);
                add(accS1, s1 + 2 * lanes, rd2);
                int s2 = c * 6 * lanes + q;
                fma(accS2, s2, rd0, d0);
                fma(accS2, s2 + lanes, rd0, d1);
                fma(accS2, s2 + 2 * lanes, rd0, d2);
                fma(accS2, s2 + 3 * lanes, rd1, d1);
                fma(accS2, s2 + 4 * lanes, rd1, d2);
                fma(accS2, s2 + 5 * lanes, rd2, d2);
            }
        }
    }

    private static void add(double[] acc, int i, DoubleVector v) {
        DoubleVector.fromArray(SPECIES, acc, i).add(v).intoArray(acc, i);
    }

    private static void fma(double[] acc, int i, DoubleVector a, DoubleVector b) {
        a.fma(b, DoubleVector.fromArray(SPECIES, acc, i)).intoArray(acc, i);
    }

    /** {@link #logProbabilities} for any D, filling {@link #diff}. */
    private void logProbabilitiesAnyD(double[] x, int xOffset, KernelModel model) {
        final int lanes = LANES;
        final double[] means = model.means;
        final double[] a = model.factor;
        for (int q = 0; q < lanes; q += P) {
            // -inf and 0 start the max and the squares exactly as their first term would
            DoubleVector max = DoubleVector.broadcast(SPECIES, Double.NEGATIVE_INFINITY);
            for (int c = 0; c < k; c++) {
                int dc = c * d * lanes + q;
                for (int j = 0; j < d; j++) {
                    DoubleVector.fromArray(SPECIES, x, xOffset + j * lanes + q).sub(means[c * d + j])
                            .intoArray(diff, dc + j * lanes);
                }
                int p = c * model.factorLength;
                DoubleVector sq = DoubleVector.zero(SPECIES);
                if (triangular) {
                    for (int r = 0; r < d; r++) {
                        DoubleVector y = DoubleVector.fromArray(SPECIES, diff, dc).mul(a[p++]);
                        for (int i = 1; i <= r; i++) {
                            y = DoubleVector.fromArray(SPECIES, diff, dc + i * lanes)
                                    .fma(DoubleVector.broadcast(SPECIES, a[p++]), y);
                        }
                        sq = y.fma(y, sq);
                    }
                } else {
                    for (int j = 0; j < d; j++) {
                        DoubleVector y = DoubleVector.fromArray(SPECIES, diff, dc + j * lanes).mul(a[p + j]);
                        sq = y.fma(y, sq);
                    }
                }
                DoubleVector lp = sq.fma(-0.5, model.constants[c]);
                lp.intoArray(logProb, c * lanes + q);
                max = max.max(lp);
            }
            max.intoArray(maxBuf, q);
        }
    }

    @Override
    void exponentiate() {
        final int lanes = LANES;
        for (int q = 0; q < lanes; q += P) {
            DoubleVector max = DoubleVector.fromArray(SPECIES, maxBuf, q);
            DoubleVector sum = DoubleVector.zero(SPECIES);
            for (int c = 0; c < k; c++) {
                DoubleVector e = exp(DoubleVector.fromArray(SPECIES, logProb, c * lanes + q).sub(max));
                e.intoArray(logProb, c * lanes + q);
                sum = sum.add(e);
            }
            sum.intoArray(sumBuf, q);
        }
    }

    @Override
    void likelihood(double[] w, int wOffset) {
        for (int q = 0; q < LANES; q += P) {
            DoubleVector sum = DoubleVector.fromArray(SPECIES, sumBuf, q);
            DoubleVector weight = DoubleVector.fromArray(SPECIES, w, wOffset + q);
            DoubleVector.fromArray(SPECIES, maxBuf, q).add(log(sum))
                    .fma(weight, DoubleVector.fromArray(SPECIES, accLogLikelihood, q))
                    .intoArray(accLogLikelihood, q);
            DoubleVector.fromArray(SPECIES, accWeight, q).add(weight).intoArray(accWeight, q);
            weight.div(sum).intoArray(scaleBuf, q);
        }
    }

    /** {@link #moments} for any D, from the {@link #diff} that {@link #logProbabilitiesAnyD} left. */
    private void momentsAnyD() {
        final int lanes = LANES;
        for (int q = 0; q < lanes; q += P) {
            DoubleVector scale = DoubleVector.fromArray(SPECIES, scaleBuf, q);
            for (int c = 0; c < k; c++) {
                DoubleVector r = DoubleVector.fromArray(SPECIES, logProb, c * lanes + q).mul(scale);
                if (!r.compare(VectorOperators.NE, 0.0).anyTrue()) {
                    continue; // adds exactly nothing
                }
                int nkIndex = c * lanes + q;
                DoubleVector.fromArray(SPECIES, accNk, nkIndex).add(r).intoArray(accNk, nkIndex);
                int dc = c * d * lanes + q;
                for (int j = 0; j < d; j++) {
                    DoubleVector rd = r.mul(DoubleVector.fromArray(SPECIES, diff, dc + j * lanes));
                    rd.intoArray(weightedDiff, j * lanes + q);
                    DoubleVector.fromArray(SPECIES, accS1, dc + j * lanes).add(rd).intoArray(accS1, dc + j * lanes);
                }
                int so = c * m * lanes + q;
                if (triangular) {
                    int p = 0;
                    for (int i = 0; i < d; i++) {
                        DoubleVector rd = DoubleVector.fromArray(SPECIES, weightedDiff, i * lanes + q);
                        for (int j = i; j < d; j++, p++) {
                            int s = so + p * lanes;
                            rd.fma(DoubleVector.fromArray(SPECIES, diff, dc + j * lanes),
                                    DoubleVector.fromArray(SPECIES, accS2, s)).intoArray(accS2, s);
                        }
                    }
                } else {
                    for (int j = 0; j < d; j++) {
                        int s = so + j * lanes;
                        DoubleVector.fromArray(SPECIES, weightedDiff, j * lanes + q)
                                .fma(DoubleVector.fromArray(SPECIES, diff, dc + j * lanes),
                                        DoubleVector.fromArray(SPECIES, accS2, s))
                                .intoArray(accS2, s);
                    }
                }
            }
        }
    }

    private final double[] nearestBuf = new double[LANES];

    @Override
    void nearest(double[] x, int xOffset, double[] centers, int[] nearest) {
        final int lanes = LANES;
        for (int q = 0; q < lanes; q += P) {
            DoubleVector bestDistance = DoubleVector.broadcast(SPECIES, Double.POSITIVE_INFINITY);
            DoubleVector best = DoubleVector.zero(SPECIES);
            for (int c = 0; c < k; c++) {
                DoubleVector distance = DoubleVector.zero(SPECIES);
                for (int j = 0; j < d; j++) {
                    DoubleVector v = DoubleVector.fromArray(SPECIES, x, xOffset + j * lanes + q).sub(centers[c * d + j]);
                    distance = v.fma(v, distance);
                }
                VectorMask<Double> closer = distance.compare(VectorOperators.LT, bestDistance);
                bestDistance = bestDistance.blend(distance, closer);
                best = best.blend(c, closer);
            }
            best.intoArray(nearestBuf, q);
        }
        for (int l = 0; l < lanes; l++) {
            nearest[l] = (int) nearestBuf[l];
        }
    }

    /** {@link EStepKernel#exp} lane-wise. */
    static DoubleVector exp(DoubleVector t) {
        DoubleVector tc = t.max(EXP_CUTOFF);
        DoubleVector z = tc.mul(LOG2E).add(SHIFT);
        DoubleVector n = z.sub(SHIFT);
        DoubleVector r = n.fma(DoubleVector.broadcast(SPECIES, NEG_LN2_HI), tc);
        r = n.fma(DoubleVector.broadcast(SPECIES, NEG_LN2_LO), r);
        DoubleVector p = DoubleVector.broadcast(SPECIES, EXP_POLY[0]);
        for (int i = 1; i < EXP_POLY.length; i++) {
            p = p.fma(r, DoubleVector.broadcast(SPECIES, EXP_POLY[i]));
        }
        p = p.fma(r, DoubleVector.broadcast(SPECIES, 1.0));
        DoubleVector scale = z.reinterpretAsLongs().add(1023 - SHIFT_BITS).lanewise(VectorOperators.LSHL, 52)
                .reinterpretAsDoubles();
        DoubleVector e = p.mul(scale);
        return e.blend(0.0, t.compare(VectorOperators.LT, EXP_CUTOFF));
    }

    /** {@link EStepKernel#log} lane-wise. */
    static DoubleVector log(DoubleVector s) {
        var bits = s.reinterpretAsLongs();
        DoubleVector mant = bits.and(MANTISSA_BITS).or(ONE_BITS).reinterpretAsDoubles();
        DoubleVector e = bits.lanewise(VectorOperators.LSHR, 52).or(TWO52_BITS).reinterpretAsDoubles()
                .sub(0x1p52).sub(1023.0);
        VectorMask<Double> big = mant.compare(VectorOperators.GT, SQRT2);
        mant = mant.blend(mant.mul(0.5), big);
        e = e.blend(e.add(1.0), big);
        DoubleVector f = mant.sub(1.0);
        DoubleVector sv = f.div(f.add(2.0));
        DoubleVector z2 = sv.mul(sv);
        DoubleVector q = DoubleVector.broadcast(SPECIES, LOG_POLY[0]);
        for (int i = 1; i < LOG_POLY.length; i++) {
            q = q.fma(z2, DoubleVector.broadcast(SPECIES, LOG_POLY[i]));
        }
        DoubleVector twoS = sv.add(sv);
        DoubleVector logm = twoS.mul(z2).fma(q, twoS);
        return e.fma(DoubleVector.broadcast(SPECIES, LN2_HI), e.fma(DoubleVector.broadcast(SPECIES, LN2_LO), logm));
    }
}
