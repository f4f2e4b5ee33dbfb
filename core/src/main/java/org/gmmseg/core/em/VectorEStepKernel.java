package org.gmmseg.core.em;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The E-step kernel with the JDK's Vector API: {@link #SPECIES} lanes at once, the lane-wise twin
 * of {@link ScalarEStepKernel}, statement for statement, so both give the same bits. Loaded only
 * through {@link VectorSupport}, when the incubator module {@code jdk.incubator.vector} is present.
 *
 * <p>Two rules keep it fast. No vector is passed to or returned from a method (one the JIT does
 * not inline is boxed, and the kernel slows down many times over); exp and log work on arrays.
 * And exp and log run over a whole tile at once, so their long chains of dependent operations
 * overlap instead of waiting on each other.
 */
final class VectorEStepKernel extends EStepKernel {
    /** The machine's preferred width; {@code -Dgmmseg.simd.bits=256} (or 128) narrows it, to measure the difference. */
    static final VectorSpecies<Double> SPECIES = species(Integer.getInteger("gmmseg.simd.bits", 0));
    private static final int P = SPECIES.length();

    /** D = 3 (colours): straight-line code with values in registers, for triangular and diagonal factors. */
    private final boolean rgb;
    /** ln of each sample's sum, for {@link #likelihood}. */
    private final double[] logSumBuf;
    private final double[] nearestBuf = new double[LANES];

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
        if (P < 2 || LANES % P != 0) {
            throw new IllegalStateException("vector length " + P + " does not divide " + LANES);
        }
        this.rgb = d == 3;
        this.logSumBuf = new double[tile * LANES];
    }

    @Override
    void logProbabilities(double[] x, int xOffset, int blocks, KernelModel model) {
        if (rgb && triangular) {
            logProbabilities3(x, xOffset, blocks, model);
        } else if (rgb) {
            logProbabilities3Diagonal(x, xOffset, blocks, model);
        } else {
            logProbabilitiesAnyD(x, xOffset, blocks, model);
        }
    }

    /*
     * The moments add every block, also one whose responsibilities are all 0: no branch in the
     * loop. With a skip, C2 first compiles the loop without it (images whose first fits never take
     * it), and after the uncommon trap recompiles it about four times slower, for the rest of the run
     * (EM on photo colours: 34 ns per sample and iteration against 8). Adding r = 0 changes no bit:
     * the sums start at +0.0, never become -0.0, and s + (+-0) = s, so the scalar kernel, which skips
     * r = 0 lane by lane, still gives the same bits.
     */
    @Override
    void moments(double[] x, int xOffset, int blocks, KernelModel model) {
        if (rgb && triangular) {
            moments3(x, xOffset, blocks, model);
        } else if (rgb) {
            moments3Diagonal(x, xOffset, blocks, model);
        } else {
            momentsAnyD(blocks);
        }
    }

    /** {@link #logProbabilities} for any D, filling {@link #diff}. */
    private void logProbabilitiesAnyD(double[] x, int xOffset, int blocks, KernelModel model) {
        final int lanes = LANES;
        final double[] means = model.means;
        final double[] a = model.factor;
        for (int b = 0; b < blocks; b++) {
            int xb = xOffset + b * d * lanes;
            for (int q = 0; q < lanes; q += P) {
                // -inf and 0 start the max and the squares exactly as their first term would
                DoubleVector max = DoubleVector.broadcast(SPECIES, Double.NEGATIVE_INFINITY);
                for (int c = 0; c < k; c++) {
                    int dc = (b * k + c) * d * lanes + q;
                    for (int j = 0; j < d; j++) {
                        DoubleVector.fromArray(SPECIES, x, xb + j * lanes + q).sub(means[c * d + j])
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
                    lp.intoArray(logProb, (b * k + c) * lanes + q);
                    max = max.max(lp);
                }
                max.intoArray(maxBuf, b * lanes + q);
            }
        }
    }

    /**
     * {@link #logProbabilitiesAnyD} for D = 3 with full or tied covariances (colour features), in
     * straight-line code with the differences kept in registers; the same operations in the same
     * order, so the same bits. Does not fill {@link #diff}: {@link #moments3} recomputes it.
     */
    private void logProbabilities3(double[] x, int xOffset, int blocks, KernelModel model) {
        final int lanes = LANES;
        final double[] means = model.means;
        final double[] a = model.factor;
        for (int b = 0; b < blocks; b++) {
            int xb = xOffset + b * 3 * lanes;
            for (int q = 0; q < lanes; q += P) {
                DoubleVector x0 = DoubleVector.fromArray(SPECIES, x, xb + q);
                DoubleVector x1 = DoubleVector.fromArray(SPECIES, x, xb + lanes + q);
                DoubleVector x2 = DoubleVector.fromArray(SPECIES, x, xb + 2 * lanes + q);
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
                    lp.intoArray(logProb, (b * k + c) * lanes + q);
                    max = max.max(lp);
                }
                max.intoArray(maxBuf, b * lanes + q);
            }
        }
    }

    /** {@link #logProbabilitiesAnyD} for D = 3 with diagonal or spherical covariances, as {@link #logProbabilities3}. */
    private void logProbabilities3Diagonal(double[] x, int xOffset, int blocks, KernelModel model) {
        final int lanes = LANES;
        final double[] means = model.means;
        final double[] a = model.factor;
        for (int b = 0; b < blocks; b++) {
            int xb = xOffset + b * 3 * lanes;
            for (int q = 0; q < lanes; q += P) {
                DoubleVector x0 = DoubleVector.fromArray(SPECIES, x, xb + q);
                DoubleVector x1 = DoubleVector.fromArray(SPECIES, x, xb + lanes + q);
                DoubleVector x2 = DoubleVector.fromArray(SPECIES, x, xb + 2 * lanes + q);
                DoubleVector max = DoubleVector.broadcast(SPECIES, Double.NEGATIVE_INFINITY);
                DoubleVector zero = DoubleVector.zero(SPECIES);
                for (int c = 0; c < k; c++) {
                    int mo = c * 3;
                    DoubleVector y0 = x0.sub(means[mo]).mul(a[mo]);
                    DoubleVector y1 = x1.sub(means[mo + 1]).mul(a[mo + 1]);
                    DoubleVector y2 = x2.sub(means[mo + 2]).mul(a[mo + 2]);
                    DoubleVector sq = y2.fma(y2, y1.fma(y1, y0.fma(y0, zero)));
                    DoubleVector lp = sq.fma(-0.5, model.constants[c]);
                    lp.intoArray(logProb, (b * k + c) * lanes + q);
                    max = max.max(lp);
                }
                max.intoArray(maxBuf, b * lanes + q);
            }
        }
    }

    /**
     * {@link #momentsAnyD} for D = 3, diagonal or spherical: the same operations, differences
     * recomputed, component by component as {@link #moments3}.
     */
    private void moments3Diagonal(double[] x, int xOffset, int blocks, KernelModel model) {
        final int lanes = LANES;
        final double[] means = model.means;
        for (int c = 0; c < k; c++) {
            double mu0 = means[c * 3];
            double mu1 = means[c * 3 + 1];
            double mu2 = means[c * 3 + 2];
            for (int q = 0; q < lanes; q += P) {
                int nkIndex = c * lanes + q;
                int s = c * 3 * lanes + q; // S1 and the diagonal S2 have the same layout for D = 3
                DoubleVector nk = DoubleVector.fromArray(SPECIES, accNk, nkIndex);
                DoubleVector a0 = DoubleVector.fromArray(SPECIES, accS1, s);
                DoubleVector a1 = DoubleVector.fromArray(SPECIES, accS1, s + lanes);
                DoubleVector a2 = DoubleVector.fromArray(SPECIES, accS1, s + 2 * lanes);
                DoubleVector m0 = DoubleVector.fromArray(SPECIES, accS2, s);
                DoubleVector m1 = DoubleVector.fromArray(SPECIES, accS2, s + lanes);
                DoubleVector m2 = DoubleVector.fromArray(SPECIES, accS2, s + 2 * lanes);
                for (int b = 0; b < blocks; b++) {
                    DoubleVector r = DoubleVector.fromArray(SPECIES, logProb, (b * k + c) * lanes + q)
                            .mul(DoubleVector.fromArray(SPECIES, scaleBuf, b * lanes + q));
                    int xb = xOffset + b * 3 * lanes + q;
                    DoubleVector d0 = DoubleVector.fromArray(SPECIES, x, xb).sub(mu0);
                    DoubleVector d1 = DoubleVector.fromArray(SPECIES, x, xb + lanes).sub(mu1);
                    DoubleVector d2 = DoubleVector.fromArray(SPECIES, x, xb + 2 * lanes).sub(mu2);
                    nk = nk.add(r);
                    DoubleVector rd0 = r.mul(d0);
                    DoubleVector rd1 = r.mul(d1);
                    DoubleVector rd2 = r.mul(d2);
                    a0 = a0.add(rd0);
                    a1 = a1.add(rd1);
                    a2 = a2.add(rd2);
                    m0 = rd0.fma(d0, m0);
                    m1 = rd1.fma(d1, m1);
                    m2 = rd2.fma(d2, m2);
                }
                nk.intoArray(accNk, nkIndex);
                a0.intoArray(accS1, s);
                a1.intoArray(accS1, s + lanes);
                a2.intoArray(accS1, s + 2 * lanes);
                m0.intoArray(accS2, s);
                m1.intoArray(accS2, s + lanes);
                m2.intoArray(accS2, s + 2 * lanes);
            }
        }
    }

    @Override
    void exponentiate(int blocks) {
        final int lanes = LANES;
        for (int b = 0; b < blocks; b++) {
            for (int q = 0; q < lanes; q += P) {
                DoubleVector max = DoubleVector.fromArray(SPECIES, maxBuf, b * lanes + q);
                for (int c = 0; c < k; c++) {
                    int i = (b * k + c) * lanes + q;
                    DoubleVector.fromArray(SPECIES, logProb, i).sub(max).intoArray(logProb, i);
                }
            }
        }
        exp(logProb, blocks * k * lanes);
        for (int b = 0; b < blocks; b++) {
            for (int q = 0; q < lanes; q += P) {
                DoubleVector sum = DoubleVector.zero(SPECIES);
                for (int c = 0; c < k; c++) {
                    sum = sum.add(DoubleVector.fromArray(SPECIES, logProb, (b * k + c) * lanes + q));
                }
                sum.intoArray(sumBuf, b * lanes + q);
            }
        }
    }

    @Override
    void likelihood(double[] w, int wOffset, int blocks) {
        int n = blocks * LANES;
        System.arraycopy(sumBuf, 0, logSumBuf, 0, n);
        log(logSumBuf, n);
        for (int b = 0; b < blocks; b++) {
            for (int q = 0; q < LANES; q += P) {
                int i = b * LANES + q;
                DoubleVector sum = DoubleVector.fromArray(SPECIES, sumBuf, i);
                DoubleVector weight = DoubleVector.fromArray(SPECIES, w, wOffset + i);
                DoubleVector.fromArray(SPECIES, maxBuf, i).add(DoubleVector.fromArray(SPECIES, logSumBuf, i))
                        .fma(weight, DoubleVector.fromArray(SPECIES, accLogLikelihood, q))
                        .intoArray(accLogLikelihood, q);
                DoubleVector.fromArray(SPECIES, accWeight, q).add(weight).intoArray(accWeight, q);
                weight.div(sum).intoArray(scaleBuf, i);
            }
        }
    }

    /** {@link #moments} for any D, from the {@link #diff} that {@link #logProbabilitiesAnyD} left. */
    private void momentsAnyD(int blocks) {
        final int lanes = LANES;
        for (int b = 0; b < blocks; b++) {
            for (int q = 0; q < lanes; q += P) {
                DoubleVector scale = DoubleVector.fromArray(SPECIES, scaleBuf, b * lanes + q);
                for (int c = 0; c < k; c++) {
                    DoubleVector r = DoubleVector.fromArray(SPECIES, logProb, (b * k + c) * lanes + q).mul(scale);
                    int nkIndex = c * lanes + q;
                    DoubleVector.fromArray(SPECIES, accNk, nkIndex).add(r).intoArray(accNk, nkIndex);
                    int dc = (b * k + c) * d * lanes + q;
                    int s1 = c * d * lanes + q;
                    for (int j = 0; j < d; j++) {
                        DoubleVector rd = r.mul(DoubleVector.fromArray(SPECIES, diff, dc + j * lanes));
                        rd.intoArray(weightedDiff, j * lanes + q);
                        DoubleVector.fromArray(SPECIES, accS1, s1 + j * lanes).add(rd).intoArray(accS1, s1 + j * lanes);
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
    }

    /**
     * {@link #momentsAnyD} for D = 3, full or tied: the same operations, differences recomputed.
     * Component by component over the tile, so that its ten sums stay in registers; each sum
     * still adds the samples in order, so the bits are those of the block-by-block loop.
     */
    private void moments3(double[] x, int xOffset, int blocks, KernelModel model) {
        final int lanes = LANES;
        final double[] means = model.means;
        for (int c = 0; c < k; c++) {
            double mu0 = means[c * 3];
            double mu1 = means[c * 3 + 1];
            double mu2 = means[c * 3 + 2];
            for (int q = 0; q < lanes; q += P) {
                int nkIndex = c * lanes + q;
                int s1 = c * 3 * lanes + q;
                int s2 = c * 6 * lanes + q;
                DoubleVector nk = DoubleVector.fromArray(SPECIES, accNk, nkIndex);
                DoubleVector a0 = DoubleVector.fromArray(SPECIES, accS1, s1);
                DoubleVector a1 = DoubleVector.fromArray(SPECIES, accS1, s1 + lanes);
                DoubleVector a2 = DoubleVector.fromArray(SPECIES, accS1, s1 + 2 * lanes);
                DoubleVector m00 = DoubleVector.fromArray(SPECIES, accS2, s2);
                DoubleVector m01 = DoubleVector.fromArray(SPECIES, accS2, s2 + lanes);
                DoubleVector m02 = DoubleVector.fromArray(SPECIES, accS2, s2 + 2 * lanes);
                DoubleVector m11 = DoubleVector.fromArray(SPECIES, accS2, s2 + 3 * lanes);
                DoubleVector m12 = DoubleVector.fromArray(SPECIES, accS2, s2 + 4 * lanes);
                DoubleVector m22 = DoubleVector.fromArray(SPECIES, accS2, s2 + 5 * lanes);
                for (int b = 0; b < blocks; b++) {
                    DoubleVector r = DoubleVector.fromArray(SPECIES, logProb, (b * k + c) * lanes + q)
                            .mul(DoubleVector.fromArray(SPECIES, scaleBuf, b * lanes + q));
                    int xb = xOffset + b * 3 * lanes + q;
                    DoubleVector d0 = DoubleVector.fromArray(SPECIES, x, xb).sub(mu0);
                    DoubleVector d1 = DoubleVector.fromArray(SPECIES, x, xb + lanes).sub(mu1);
                    DoubleVector d2 = DoubleVector.fromArray(SPECIES, x, xb + 2 * lanes).sub(mu2);
                    nk = nk.add(r);
                    DoubleVector rd0 = r.mul(d0);
                    DoubleVector rd1 = r.mul(d1);
                    DoubleVector rd2 = r.mul(d2);
                    a0 = a0.add(rd0);
                    a1 = a1.add(rd1);
                    a2 = a2.add(rd2);
                    m00 = rd0.fma(d0, m00);
                    m01 = rd0.fma(d1, m01);
                    m02 = rd0.fma(d2, m02);
                    m11 = rd1.fma(d1, m11);
                    m12 = rd1.fma(d2, m12);
                    m22 = rd2.fma(d2, m22);
                }
                nk.intoArray(accNk, nkIndex);
                a0.intoArray(accS1, s1);
                a1.intoArray(accS1, s1 + lanes);
                a2.intoArray(accS1, s1 + 2 * lanes);
                m00.intoArray(accS2, s2);
                m01.intoArray(accS2, s2 + lanes);
                m02.intoArray(accS2, s2 + 2 * lanes);
                m11.intoArray(accS2, s2 + 3 * lanes);
                m12.intoArray(accS2, s2 + 4 * lanes);
                m22.intoArray(accS2, s2 + 5 * lanes);
            }
        }
    }

    @Override
    void nearest(double[] x, int xOffset, double[] centers, int[] nearest) {
        if (rgb) {
            nearest3(x, xOffset, centers, nearest);
            return;
        }
        final int lanes = LANES;
        for (int q = 0; q < lanes; q += P) {
            DoubleVector bestDistance = DoubleVector.broadcast(SPECIES, Double.POSITIVE_INFINITY);
            DoubleVector best = DoubleVector.zero(SPECIES);
            for (int c = 0; c < k; c++) {
                DoubleVector distance = DoubleVector.zero(SPECIES);
                for (int j = 0; j < d; j++) {
                    // Scalars are broadcast through SPECIES: v.sub(double) broadcasts by a virtual call, after
                    // which JDK 17's C2 sometimes lost the vectors' class, kept them boxed and ran the store
                    // through the Vector API's Java fallback (JFR: 114 MB allocated here in a 30-photo run)
                    DoubleVector v = DoubleVector.fromArray(SPECIES, x, xOffset + j * lanes + q)
                            .sub(DoubleVector.broadcast(SPECIES, centers[c * d + j]));
                    distance = v.fma(v, distance);
                }
                VectorMask<Double> closer = distance.compare(VectorOperators.LT, bestDistance);
                bestDistance = bestDistance.blend(distance, closer);
                best = best.blend(DoubleVector.broadcast(SPECIES, c), closer);
                // stored in the loop: a store of the vector the loop leaves behind is again not intrinsified
                best.intoArray(nearestBuf, q);
            }
        }
        for (int l = 0; l < lanes; l++) {
            nearest[l] = (int) nearestBuf[l];
        }
    }

    /** {@link #nearest} for D = 3: the block's values loaded once, not once per centre. */
    private void nearest3(double[] x, int xOffset, double[] centers, int[] nearest) {
        final int lanes = LANES;
        for (int q = 0; q < lanes; q += P) {
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, x, xOffset + q);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, x, xOffset + lanes + q);
            DoubleVector x2 = DoubleVector.fromArray(SPECIES, x, xOffset + 2 * lanes + q);
            DoubleVector zero = DoubleVector.zero(SPECIES);
            DoubleVector bestDistance = DoubleVector.broadcast(SPECIES, Double.POSITIVE_INFINITY);
            DoubleVector best = zero;
            for (int c = 0; c < k; c++) {
                DoubleVector v0 = x0.sub(DoubleVector.broadcast(SPECIES, centers[3 * c]));
                DoubleVector v1 = x1.sub(DoubleVector.broadcast(SPECIES, centers[3 * c + 1]));
                DoubleVector v2 = x2.sub(DoubleVector.broadcast(SPECIES, centers[3 * c + 2]));
                DoubleVector distance = v2.fma(v2, v1.fma(v1, v0.fma(v0, zero)));
                VectorMask<Double> closer = distance.compare(VectorOperators.LT, bestDistance);
                bestDistance = bestDistance.blend(distance, closer);
                best = best.blend(DoubleVector.broadcast(SPECIES, c), closer);
                best.intoArray(nearestBuf, q); // in the loop, as in nearest
            }
        }
        for (int l = 0; l < lanes; l++) {
            nearest[l] = (int) nearestBuf[l];
        }
    }

    /** {@link EStepKernel#exp} of a[0..n) in place, n a multiple of the vector length. */
    static void exp(double[] a, int n) {
        for (int i = 0; i < n; i += P) {
            DoubleVector t = DoubleVector.fromArray(SPECIES, a, i);
            DoubleVector tc = t.max(EXP_CUTOFF);
            DoubleVector z = tc.mul(LOG2E).add(SHIFT);
            DoubleVector m = z.sub(SHIFT);
            DoubleVector r = m.fma(DoubleVector.broadcast(SPECIES, NEG_LN2_HI), tc);
            r = m.fma(DoubleVector.broadcast(SPECIES, NEG_LN2_LO), r);
            DoubleVector p = DoubleVector.broadcast(SPECIES, EXP_POLY[0]);
            for (int j = 1; j < EXP_POLY.length; j++) {
                p = p.fma(r, DoubleVector.broadcast(SPECIES, EXP_POLY[j]));
            }
            p = p.fma(r, DoubleVector.broadcast(SPECIES, 1.0));
            DoubleVector scale = z.reinterpretAsLongs().add(1023 - SHIFT_BITS).lanewise(VectorOperators.LSHL, 52)
                    .reinterpretAsDoubles();
            p.mul(scale).blend(0.0, t.compare(VectorOperators.LT, EXP_CUTOFF)).intoArray(a, i);
        }
    }

    /** {@link EStepKernel#log} of a[0..n) in place (every value at least 1), n a multiple of the vector length. */
    static void log(double[] a, int n) {
        for (int i = 0; i < n; i += P) {
            var bits = DoubleVector.fromArray(SPECIES, a, i).reinterpretAsLongs();
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
            for (int j = 1; j < LOG_POLY.length; j++) {
                q = q.fma(z2, DoubleVector.broadcast(SPECIES, LOG_POLY[j]));
            }
            DoubleVector twoS = sv.add(sv);
            DoubleVector logm = twoS.mul(z2).fma(q, twoS);
            e.fma(DoubleVector.broadcast(SPECIES, LN2_HI), e.fma(DoubleVector.broadcast(SPECIES, LN2_LO), logm))
                    .intoArray(a, i);
        }
    }
}
