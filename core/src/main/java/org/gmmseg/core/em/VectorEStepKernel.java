package org.gmmseg.core.em;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The E-step kernel with the JDK's Vector API: {@link #SPECIES} lanes at once, the lane-wise twin
 * of {@link ScalarEStepKernel}: every lane takes the same operations in the same order, so both
 * give the same bits. Loaded only through {@link VectorSupport}, when the incubator module
 * {@code jdk.incubator.vector} is present.
 *
 * <p>Three rules keep it fast. No vector is passed to or returned from a method (one the JIT does
 * not inline is boxed, and the kernel slows down many times over); exp and log work on arrays.
 * exp and log run over a whole tile at once, so their long chains of dependent operations
 * overlap instead of waiting on each other. And the loops are register-blocked: component by
 * component over the tile, so a component's mean and factor are loaded once per tile, with the
 * sums of a tile kept in registers and several independent chains of fused multiply-adds in
 * flight. Reordering the loops changes no bit: each sum still adds the same terms in the same
 * order.
 *
 * <p>Paths: D = 3 (colours) in straight-line code with every value in registers; any other D by
 * loops over the tile's samples laid out feature by feature ({@link #tileValues}), for
 * triangular factors (full, tied) four rows of the triangular product against four vectors of
 * samples at a time, and the second moments in tiles of four rows by four columns.
 */
final class VectorEStepKernel extends EStepKernel {
    /** The machine's preferred width; {@code -Dgmmseg.simd.bits=256} (or 128) narrows it, to measure the difference. */
    static final VectorSpecies<Double> SPECIES = species(Integer.getInteger("gmmseg.simd.bits", 0));
    private static final int P = SPECIES.length();
    /** Floats as many as {@link #SPECIES}' doubles: HMRF-EM's responsibilities and field. */
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, VectorShape.forBitSize(P * 32));
    /** Floats as wide as {@link #SPECIES}: the field's sums, all floats. */
    private static final VectorSpecies<Float> WIDE_FLOATS = VectorSpecies.of(float.class, SPECIES.vectorShape());

    /** D = 3 (colours): straight-line code with values in registers, for triangular and diagonal factors. */
    private final boolean rgb;
    /** ln of each sample's sum, for {@link #likelihood}. */
    private final double[] logSumBuf;
    private final double[] nearestBuf = new double[LANES];
    /**
     * D other than 3: the tile's samples feature by feature, feature j of sample s at
     * [j * TILE_SAMPLES + s], written by {@link #logProbabilities} and read again by
     * {@link #moments} of the same tile. Full and tied: {@link #width} features, feature D 0, for
     * the two-wide tiles of a last single feature.
     */
    private final double[] tileValues;
    /** |y|^2 of four vectors of samples, from {@link #squaredNorms}. */
    private final double[] normBuf = new double[4 * LANES];
    /** r_nk of the tile's samples, for the moments of D other than 3. */
    private final double[] rBuf;
    /** D + 1: the furthest a tile of second moments reaches (a two-wide one for the last feature). */
    private final int width;

    private static VectorSpecies<Double> species(int bits) {
        return switch (bits) {
            case 128 -> DoubleVector.SPECIES_128;
            case 256 -> DoubleVector.SPECIES_256;
            case 512 -> DoubleVector.SPECIES_512;
            default -> DoubleVector.SPECIES_PREFERRED;
        };
    }

    VectorEStepKernel(int k, int d, boolean triangular) {
        super(k, d, triangular, momentSlots(d, triangular));
        if (P < 2 || LANES % P != 0) {
            throw new IllegalStateException("vector length " + P + " does not divide " + LANES);
        }
        this.rgb = d == 3;
        this.logSumBuf = new double[tile * LANES];
        this.width = d + 1;
        boolean general = !rgb;
        this.tileValues = new double[general ? (triangular ? width : d) * TILE_SAMPLES : 0];
        this.rBuf = new double[general ? TILE_SAMPLES : 0];
    }

    /** Second-moment slots per component: a square of {@code D + 1} rows and columns on the general triangular path. */
    private static int momentSlots(int d, boolean triangular) {
        return triangular && d != 3 ? (d + 1) * (d + 1) : packedMoments(d, triangular);
    }

    @Override
    int s2Offset(int c, int i, int j) {
        if (triangular && !rgb) {
            return ((c * width + i) * width + j) * LANES;
        }
        return super.s2Offset(c, i, j);
    }

    @Override
    void logProbabilities(double[] x, int xOffset, int blocks, KernelModel model) {
        if (rgb && triangular) {
            logProbabilities3(x, xOffset, blocks, model);
        } else if (rgb) {
            logProbabilities3Diagonal(x, xOffset, blocks, model);
        } else {
            transpose(x, xOffset, blocks);
            if (triangular) {
                logProbabilitiesTriangular(blocks, model);
            } else {
                logProbabilitiesDiagonal(blocks, model);
            }
        }
    }

    /** The tile's samples into {@link #tileValues}, feature by feature. */
    private void transpose(double[] x, int xOffset, int blocks) {
        final int lanes = LANES;
        final int d = this.d;
        for (int b = 0; b < blocks; b++) {
            int xb = xOffset + b * d * lanes;
            for (int j = 0; j < d; j++) {
                for (int q = 0; q < lanes; q += P) {
                    DoubleVector.fromArray(SPECIES, x, xb + j * lanes + q)
                            .intoArray(tileValues, j * TILE_SAMPLES + b * lanes + q);
                }
            }
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
        } else if (triangular) {
            momentsTriangular(blocks, model);
        } else {
            momentsDiagonal(blocks, model);
        }
    }

    /**
     * {@link #logProbabilities} for full and tied covariances, any D, from {@link #tileValues}:
     * y = A_k (x - mu_k) for a group of four rows of A_k (or two, at the end; see
     * {@link KernelModel#groupedFactor}) and four blocks at a time, sixteen (eight) independent
     * chains. Each y_r still starts with d_0 A[r][0] and adds d_i A[r][i] for i = 1..r in order,
     * and |y|^2 adds the rows in order, as the scalar kernel does. The zeros that fill the groups
     * add exactly +-0 to a y_r and +0 to |y|^2, so they change no bit.
     */
    private void logProbabilitiesTriangular(int blocks, KernelModel model) {
        final int lanes = LANES;
        for (int c = 0; c < k; c++) {
            final double constant = model.constants[c];
            final int out = c * TILE_SAMPLES;
            // four blocks at a time; past the tile's last block they read what tileValues holds
            // there and write to logProb's unused end, which nothing reads
            for (int s0 = 0; s0 < blocks * lanes; s0 += 4 * lanes) {
                for (int q = 0; q < lanes; q += P) {
                    squaredNorms(model, c, s0 + q);
                    for (int t = 0; t < 4; t++) {
                        DoubleVector.fromArray(SPECIES, normBuf, t * P).fma(-0.5, constant)
                                .intoArray(logProb, out + s0 + t * lanes + q);
                    }
                }
            }
        }
    }

    /**
     * |A_c (x - mu_c)|^2 of the four vectors of samples s, s + LANES, s + 2 LANES, s + 3 LANES of
     * {@link #tileValues} into {@link #normBuf}, A_c read in the order of
     * {@link KernelModel#groupedFactor}. One offset with constant displacements, not four: with
     * four, the JIT ran out of general registers and reloaded them from the stack at every load. x - mu is taken
     * again for each group of rows, not stored: the subtractions run beside the multiply-adds, and
     * stores are dear (see {@link #exponentiate}).
     */
    private void squaredNorms(KernelModel model, int c, int s0) {
        final int s1 = s0 + LANES;
        final int s2 = s0 + 2 * LANES;
        final int s3 = s0 + 3 * LANES;
        final int d = this.d;
        final double[] xt = tileValues;
        final double[] a = model.groupedFactor;
        final double[] means = model.means;
        final int m = c * d;
        DoubleVector sq0 = DoubleVector.zero(SPECIES);
        DoubleVector sq1 = sq0;
        DoubleVector sq2 = sq0;
        DoubleVector sq3 = sq0;
        int p = c * model.groupedFactorLength;
        int r = 0;
        for (; d - r >= 4; r += 4) {
            // rows r..r+3, samples 0..3: y[row][sample]
            DoubleVector mu = DoubleVector.broadcast(SPECIES, means[m]);
            DoubleVector e0 = DoubleVector.fromArray(SPECIES, xt, s0).sub(mu);
            DoubleVector e1 = DoubleVector.fromArray(SPECIES, xt, s1).sub(mu);
            DoubleVector e2 = DoubleVector.fromArray(SPECIES, xt, s2).sub(mu);
            DoubleVector e3 = DoubleVector.fromArray(SPECIES, xt, s3).sub(mu);
            DoubleVector u0 = DoubleVector.broadcast(SPECIES, a[p]);
            DoubleVector u1 = DoubleVector.broadcast(SPECIES, a[p + 1]);
            DoubleVector u2 = DoubleVector.broadcast(SPECIES, a[p + 2]);
            DoubleVector u3 = DoubleVector.broadcast(SPECIES, a[p + 3]);
            DoubleVector y00 = e0.mul(u0);
            DoubleVector y01 = e1.mul(u0);
            DoubleVector y02 = e2.mul(u0);
            DoubleVector y03 = e3.mul(u0);
            DoubleVector y10 = e0.mul(u1);
            DoubleVector y11 = e1.mul(u1);
            DoubleVector y12 = e2.mul(u1);
            DoubleVector y13 = e3.mul(u1);
            DoubleVector y20 = e0.mul(u2);
            DoubleVector y21 = e1.mul(u2);
            DoubleVector y22 = e2.mul(u2);
            DoubleVector y23 = e3.mul(u2);
            DoubleVector y30 = e0.mul(u3);
            DoubleVector y31 = e1.mul(u3);
            DoubleVector y32 = e2.mul(u3);
            DoubleVector y33 = e3.mul(u3);
            p += 4;
            for (int i = 1; i < r + 1; i++, p += 4) {
                int f = i * TILE_SAMPLES;
                mu = DoubleVector.broadcast(SPECIES, means[m + i]);
                e0 = DoubleVector.fromArray(SPECIES, xt, f + s0).sub(mu);
                e1 = DoubleVector.fromArray(SPECIES, xt, f + s1).sub(mu);
                e2 = DoubleVector.fromArray(SPECIES, xt, f + s2).sub(mu);
                e3 = DoubleVector.fromArray(SPECIES, xt, f + s3).sub(mu);
                u0 = DoubleVector.broadcast(SPECIES, a[p]);
                u1 = DoubleVector.broadcast(SPECIES, a[p + 1]);
                u2 = DoubleVector.broadcast(SPECIES, a[p + 2]);
                u3 = DoubleVector.broadcast(SPECIES, a[p + 3]);
                y00 = e0.fma(u0, y00);
                y01 = e1.fma(u0, y01);
                y02 = e2.fma(u0, y02);
                y03 = e3.fma(u0, y03);
                y10 = e0.fma(u1, y10);
                y11 = e1.fma(u1, y11);
                y12 = e2.fma(u1, y12);
                y13 = e3.fma(u1, y13);
                y20 = e0.fma(u2, y20);
                y21 = e1.fma(u2, y21);
                y22 = e2.fma(u2, y22);
                y23 = e3.fma(u2, y23);
                y30 = e0.fma(u3, y30);
                y31 = e1.fma(u3, y31);
                y32 = e2.fma(u3, y32);
                y33 = e3.fma(u3, y33);
            }
            // columns r+1..r+3 reach only the rows at or below the diagonal
            int f = (r + 1) * TILE_SAMPLES;
            mu = DoubleVector.broadcast(SPECIES, means[m + r + 1]);
            e0 = DoubleVector.fromArray(SPECIES, xt, f + s0).sub(mu);
            e1 = DoubleVector.fromArray(SPECIES, xt, f + s1).sub(mu);
            e2 = DoubleVector.fromArray(SPECIES, xt, f + s2).sub(mu);
            e3 = DoubleVector.fromArray(SPECIES, xt, f + s3).sub(mu);
            u1 = DoubleVector.broadcast(SPECIES, a[p + 1]);
            u2 = DoubleVector.broadcast(SPECIES, a[p + 2]);
            u3 = DoubleVector.broadcast(SPECIES, a[p + 3]);
            y10 = e0.fma(u1, y10);
            y11 = e1.fma(u1, y11);
            y12 = e2.fma(u1, y12);
            y13 = e3.fma(u1, y13);
            y20 = e0.fma(u2, y20);
            y21 = e1.fma(u2, y21);
            y22 = e2.fma(u2, y22);
            y23 = e3.fma(u2, y23);
            y30 = e0.fma(u3, y30);
            y31 = e1.fma(u3, y31);
            y32 = e2.fma(u3, y32);
            y33 = e3.fma(u3, y33);
            f += TILE_SAMPLES;
            mu = DoubleVector.broadcast(SPECIES, means[m + r + 2]);
            e0 = DoubleVector.fromArray(SPECIES, xt, f + s0).sub(mu);
            e1 = DoubleVector.fromArray(SPECIES, xt, f + s1).sub(mu);
            e2 = DoubleVector.fromArray(SPECIES, xt, f + s2).sub(mu);
            e3 = DoubleVector.fromArray(SPECIES, xt, f + s3).sub(mu);
            u2 = DoubleVector.broadcast(SPECIES, a[p + 6]);
            u3 = DoubleVector.broadcast(SPECIES, a[p + 7]);
            y20 = e0.fma(u2, y20);
            y21 = e1.fma(u2, y21);
            y22 = e2.fma(u2, y22);
            y23 = e3.fma(u2, y23);
            y30 = e0.fma(u3, y30);
            y31 = e1.fma(u3, y31);
            y32 = e2.fma(u3, y32);
            y33 = e3.fma(u3, y33);
            f += TILE_SAMPLES;
            mu = DoubleVector.broadcast(SPECIES, means[m + r + 3]);
            u3 = DoubleVector.broadcast(SPECIES, a[p + 11]);
            y30 = DoubleVector.fromArray(SPECIES, xt, f + s0).sub(mu).fma(u3, y30);
            y31 = DoubleVector.fromArray(SPECIES, xt, f + s1).sub(mu).fma(u3, y31);
            y32 = DoubleVector.fromArray(SPECIES, xt, f + s2).sub(mu).fma(u3, y32);
            y33 = DoubleVector.fromArray(SPECIES, xt, f + s3).sub(mu).fma(u3, y33);
            p += 12;
            sq0 = y30.fma(y30, y20.fma(y20, y10.fma(y10, y00.fma(y00, sq0))));
            sq1 = y31.fma(y31, y21.fma(y21, y11.fma(y11, y01.fma(y01, sq1))));
            sq2 = y32.fma(y32, y22.fma(y22, y12.fma(y12, y02.fma(y02, sq2))));
            sq3 = y33.fma(y33, y23.fma(y23, y13.fma(y13, y03.fma(y03, sq3))));
        }
        for (; r < d; r += 2) {
            // rows r, r + 1; for odd D the last pair's row D is zeros and its column D is not taken
            DoubleVector mu = DoubleVector.broadcast(SPECIES, means[m]);
            DoubleVector e0 = DoubleVector.fromArray(SPECIES, xt, s0).sub(mu);
            DoubleVector e1 = DoubleVector.fromArray(SPECIES, xt, s1).sub(mu);
            DoubleVector e2 = DoubleVector.fromArray(SPECIES, xt, s2).sub(mu);
            DoubleVector e3 = DoubleVector.fromArray(SPECIES, xt, s3).sub(mu);
            DoubleVector u = DoubleVector.broadcast(SPECIES, a[p]);
            DoubleVector v = DoubleVector.broadcast(SPECIES, a[p + 1]);
            DoubleVector y0 = e0.mul(u);
            DoubleVector z0 = e0.mul(v);
            DoubleVector y1 = e1.mul(u);
            DoubleVector z1 = e1.mul(v);
            DoubleVector y2 = e2.mul(u);
            DoubleVector z2 = e2.mul(v);
            DoubleVector y3 = e3.mul(u);
            DoubleVector z3 = e3.mul(v);
            p += 2;
            for (int i = 1, end = Math.min(r + 2, d); i < end; i++, p += 2) {
                int f = i * TILE_SAMPLES;
                mu = DoubleVector.broadcast(SPECIES, means[m + i]);
                e0 = DoubleVector.fromArray(SPECIES, xt, f + s0).sub(mu);
                e1 = DoubleVector.fromArray(SPECIES, xt, f + s1).sub(mu);
                e2 = DoubleVector.fromArray(SPECIES, xt, f + s2).sub(mu);
                e3 = DoubleVector.fromArray(SPECIES, xt, f + s3).sub(mu);
                u = DoubleVector.broadcast(SPECIES, a[p]);
                v = DoubleVector.broadcast(SPECIES, a[p + 1]);
                y0 = e0.fma(u, y0);
                z0 = e0.fma(v, z0);
                y1 = e1.fma(u, y1);
                z1 = e1.fma(v, z1);
                y2 = e2.fma(u, y2);
                z2 = e2.fma(v, z2);
                y3 = e3.fma(u, y3);
                z3 = e3.fma(v, z3);
            }
            sq0 = z0.fma(z0, y0.fma(y0, sq0));
            sq1 = z1.fma(z1, y1.fma(y1, sq1));
            sq2 = z2.fma(z2, y2.fma(y2, sq2));
            sq3 = z3.fma(z3, y3.fma(y3, sq3));
        }
        sq0.intoArray(normBuf, 0);
        sq1.intoArray(normBuf, P);
        sq2.intoArray(normBuf, 2 * P);
        sq3.intoArray(normBuf, 3 * P);
    }

    /** {@link #logProbabilities} for diagonal and spherical covariances, any D, from {@link #tileValues}, four blocks at a time. */
    private void logProbabilitiesDiagonal(int blocks, KernelModel model) {
        final int lanes = LANES;
        final int d = this.d;
        final double[] means = model.means;
        final double[] a = model.factor;
        final double[] xt = tileValues;
        final DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int c = 0; c < k; c++) {
            final double constant = model.constants[c];
            final int start = c * d; // means and factors alike
            final int out = c * TILE_SAMPLES;
            for (int s0 = 0; s0 < blocks * lanes; s0 += 4 * lanes) { // as in logProbabilitiesTriangular
                int s1 = s0 + lanes;
                int s2 = s0 + 2 * lanes;
                int s3 = s0 + 3 * lanes;
                for (int q = 0; q < lanes; q += P) {
                    DoubleVector sq0 = zero;
                    DoubleVector sq1 = zero;
                    DoubleVector sq2 = zero;
                    DoubleVector sq3 = zero;
                    for (int j = 0; j < d; j++) {
                        DoubleVector mu = DoubleVector.broadcast(SPECIES, means[start + j]);
                        DoubleVector f = DoubleVector.broadcast(SPECIES, a[start + j]);
                        int o = j * TILE_SAMPLES + q;
                        DoubleVector y0 = DoubleVector.fromArray(SPECIES, xt, o + s0).sub(mu).mul(f);
                        DoubleVector y1 = DoubleVector.fromArray(SPECIES, xt, o + s1).sub(mu).mul(f);
                        DoubleVector y2 = DoubleVector.fromArray(SPECIES, xt, o + s2).sub(mu).mul(f);
                        DoubleVector y3 = DoubleVector.fromArray(SPECIES, xt, o + s3).sub(mu).mul(f);
                        sq0 = y0.fma(y0, sq0);
                        sq1 = y1.fma(y1, sq1);
                        sq2 = y2.fma(y2, sq2);
                        sq3 = y3.fma(y3, sq3);
                    }
                    sq0.fma(-0.5, constant).intoArray(logProb, out + s0 + q);
                    sq1.fma(-0.5, constant).intoArray(logProb, out + s1 + q);
                    sq2.fma(-0.5, constant).intoArray(logProb, out + s2 + q);
                    sq3.fma(-0.5, constant).intoArray(logProb, out + s3 + q);
                }
            }
        }
    }

    /**
     * {@link #logProbabilities} for D = 3 with full or tied covariances (colour features), in
     * straight-line code, component by component with its mean and factor in registers.
     */
    private void logProbabilities3(double[] x, int xOffset, int blocks, KernelModel model) {
        final int lanes = LANES;
        final double[] means = model.means;
        final double[] a = model.factor;
        final DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int c = 0; c < k; c++) {
            DoubleVector mu0 = DoubleVector.broadcast(SPECIES, means[c * 3]);
            DoubleVector mu1 = DoubleVector.broadcast(SPECIES, means[c * 3 + 1]);
            DoubleVector mu2 = DoubleVector.broadcast(SPECIES, means[c * 3 + 2]);
            int p = c * 6;
            DoubleVector a00 = DoubleVector.broadcast(SPECIES, a[p]);
            DoubleVector a10 = DoubleVector.broadcast(SPECIES, a[p + 1]);
            DoubleVector a11 = DoubleVector.broadcast(SPECIES, a[p + 2]);
            DoubleVector a20 = DoubleVector.broadcast(SPECIES, a[p + 3]);
            DoubleVector a21 = DoubleVector.broadcast(SPECIES, a[p + 4]);
            DoubleVector a22 = DoubleVector.broadcast(SPECIES, a[p + 5]);
            DoubleVector constant = DoubleVector.broadcast(SPECIES, model.constants[c]);
            DoubleVector minusHalf = DoubleVector.broadcast(SPECIES, -0.5);
            for (int q = 0; q < lanes; q += P) {
                for (int b = 0; b < blocks; b++) {
                    int xb = xOffset + b * 3 * lanes;
                    DoubleVector d0 = DoubleVector.fromArray(SPECIES, x, xb + q).sub(mu0);
                    DoubleVector d1 = DoubleVector.fromArray(SPECIES, x, xb + lanes + q).sub(mu1);
                    DoubleVector d2 = DoubleVector.fromArray(SPECIES, x, xb + 2 * lanes + q).sub(mu2);
                    DoubleVector y0 = d0.mul(a00);
                    DoubleVector sq = y0.fma(y0, zero);
                    DoubleVector y1 = d1.fma(a11, d0.mul(a10));
                    sq = y1.fma(y1, sq);
                    DoubleVector y2 = d2.fma(a22, d1.fma(a21, d0.mul(a20)));
                    sq = y2.fma(y2, sq);
                    sq.fma(minusHalf, constant).intoArray(logProb, c * TILE_SAMPLES + b * lanes + q);
                }
            }
        }
    }

    /**
     * {@link #logProbabilities3} for diagonal and spherical covariances, two components at a time:
     * each vector of samples is loaded once for both (the loads, not the arithmetic, bounded the
     * one-component loop). For odd K the last pair is the last component twice, which writes its
     * row twice with the same values.
     */
    private void logProbabilities3Diagonal(double[] x, int xOffset, int blocks, KernelModel model) {
        final int lanes = LANES;
        final double[] means = model.means;
        final double[] a = model.factor;
        final DoubleVector zero = DoubleVector.zero(SPECIES);
        final DoubleVector minusHalf = DoubleVector.broadcast(SPECIES, -0.5);
        for (int c = 0; c < k; c += 2) {
            final int c2 = Math.min(c + 1, k - 1);
            DoubleVector mu0 = DoubleVector.broadcast(SPECIES, means[c * 3]);
            DoubleVector mu1 = DoubleVector.broadcast(SPECIES, means[c * 3 + 1]);
            DoubleVector mu2 = DoubleVector.broadcast(SPECIES, means[c * 3 + 2]);
            DoubleVector f0 = DoubleVector.broadcast(SPECIES, a[c * 3]);
            DoubleVector f1 = DoubleVector.broadcast(SPECIES, a[c * 3 + 1]);
            DoubleVector f2 = DoubleVector.broadcast(SPECIES, a[c * 3 + 2]);
            DoubleVector nu0 = DoubleVector.broadcast(SPECIES, means[c2 * 3]);
            DoubleVector nu1 = DoubleVector.broadcast(SPECIES, means[c2 * 3 + 1]);
            DoubleVector nu2 = DoubleVector.broadcast(SPECIES, means[c2 * 3 + 2]);
            DoubleVector g0 = DoubleVector.broadcast(SPECIES, a[c2 * 3]);
            DoubleVector g1 = DoubleVector.broadcast(SPECIES, a[c2 * 3 + 1]);
            DoubleVector g2 = DoubleVector.broadcast(SPECIES, a[c2 * 3 + 2]);
            DoubleVector constant = DoubleVector.broadcast(SPECIES, model.constants[c]);
            DoubleVector constant2 = DoubleVector.broadcast(SPECIES, model.constants[c2]);
            final int out = c * TILE_SAMPLES;
            final int out2 = c2 * TILE_SAMPLES;
            for (int q = 0; q < lanes; q += P) {
                for (int b = 0; b < blocks; b++) {
                    int xb = xOffset + b * 3 * lanes;
                    DoubleVector x0 = DoubleVector.fromArray(SPECIES, x, xb + q);
                    DoubleVector x1 = DoubleVector.fromArray(SPECIES, x, xb + lanes + q);
                    DoubleVector x2 = DoubleVector.fromArray(SPECIES, x, xb + 2 * lanes + q);
                    DoubleVector y0 = x0.sub(mu0).mul(f0);
                    DoubleVector y1 = x1.sub(mu1).mul(f1);
                    DoubleVector y2 = x2.sub(mu2).mul(f2);
                    DoubleVector z0 = x0.sub(nu0).mul(g0);
                    DoubleVector z1 = x1.sub(nu1).mul(g1);
                    DoubleVector z2 = x2.sub(nu2).mul(g2);
                    int o = b * lanes + q;
                    y2.fma(y2, y1.fma(y1, y0.fma(y0, zero))).fma(minusHalf, constant).intoArray(logProb, out + o);
                    z2.fma(z2, z1.fma(z1, z0.fma(z0, zero))).fma(minusHalf, constant2).intoArray(logProb, out2 + o);
                }
            }
        }
    }

    /**
     * The responsibilities r_nk = e_nk w_n / sum_n of component c for the tile's blocks into
     * {@link #rBuf}, and their sum into N_k.
     */
    private void responsibilities(int c, int blocks) {
        final int lanes = LANES;
        for (int q = 0; q < lanes; q += P) {
            int nkIndex = c * lanes + q;
            DoubleVector nk = DoubleVector.fromArray(SPECIES, accNk, nkIndex);
            for (int b = 0; b < blocks; b++) {
                DoubleVector r = DoubleVector.fromArray(SPECIES, logProb, c * TILE_SAMPLES + b * lanes + q)
                        .mul(DoubleVector.fromArray(SPECIES, scaleBuf, b * lanes + q));
                r.intoArray(rBuf, b * lanes + q);
                nk = nk.add(r);
            }
            nk.intoArray(accNk, nkIndex);
        }
    }

    /**
     * {@link #moments} for full and tied covariances, any D, from {@link #tileValues}: per
     * component, the upper triangle of S2 in tiles of four rows by four columns (two or three
     * columns for the last features), their sums in registers over the tile's samples, each tile
     * taking its rows' r_nk (x - mu_k) and its columns' x - mu_k as it goes. The tiles on the
     * diagonal add S1 on the way. Nothing is stored per sample: the pass that stored
     * r_nk (x - mu_k) for the tiles to read (64-byte vectors, mostly split across two cache lines)
     * cost more than the multiplications now beside the tiles' FMAs.
     */
    private void momentsTriangular(int blocks, KernelModel model) {
        final int lanes = LANES;
        final int d = this.d;
        final int samples = blocks * lanes;
        final double[] means = model.means;
        for (int c = 0; c < k; c++) {
            responsibilities(c, blocks);
            // a last single feature's two-wide tiles meet the row and column D: x = 0 and mu = 0 there
            int m = c * d;
            for (int j = 0; j < d; j += 4) {
                double mu0 = means[m + j];
                double mu1 = j + 1 < d ? means[m + j + 1] : 0;
                double mu2 = j + 2 < d ? means[m + j + 2] : 0;
                double mu3 = j + 3 < d ? means[m + j + 3] : 0;
                // one, two or three features left: tiles two or three wide, as four-wide ones that
                // meet the padding took about three times as long as full ones (docs/benchmarks.md)
                int left = d - j;
                for (int q = 0; q < lanes; q += P) {
                    if (left <= 2) {
                        diagonalTile2(c, j, q, samples, mu0, mu1);
                    } else if (left == 3) {
                        diagonalTile3(c, j, q, samples, mu0, mu1, mu2);
                    } else {
                        diagonalTile(c, j, q, samples, mu0, mu1, mu2, mu3);
                    }
                }
                // the tiles above: their rows i..i+3 are all below D
                for (int i = 0; i < j; i += 4) {
                    for (int q = 0; q < lanes; q += P) {
                        int acc = s2Offset(c, i, j) + q;
                        if (left <= 2) {
                            momentTile2(acc, i * TILE_SAMPLES + q, j * TILE_SAMPLES + q, q, samples,
                                    means[m + i], means[m + i + 1], means[m + i + 2], means[m + i + 3], mu0, mu1);
                        } else if (left == 3) {
                            momentTile3(acc, i * TILE_SAMPLES + q, j * TILE_SAMPLES + q, q, samples,
                                    means[m + i], means[m + i + 1], means[m + i + 2], means[m + i + 3], mu0, mu1, mu2);
                        } else {
                            momentTile(acc, i * TILE_SAMPLES + q, j * TILE_SAMPLES + q, q, samples,
                                    means[m + i], means[m + i + 1], means[m + i + 2], means[m + i + 3], mu0, mu1, mu2, mu3);
                        }
                    }
                }
            }
        }
    }

    /**
     * Adds r d_i d_j over the tile's samples for rows and columns j..j+3 of component c's S2 (the
     * upper triangle: its ten sums in registers), and r d_i to S1, where
     * d_i = x_i - mu_i and {@code mu0..mu3} are the means of features j..j+3.
     */
    private void diagonalTile(int c, int j, int q, int samples, double mu0, double mu1, double mu2, double mu3) {
        final int lanes = LANES;
        final int acc = s2Offset(c, j, j) + q;
        final int stride = width * lanes; // next row of S2
        final int f = j * TILE_SAMPLES + q;
        final int s1 = (c * d + j) * lanes + q;
        final double[] xt = tileValues;
        final double[] rb = rBuf;
        final DoubleVector m0 = DoubleVector.broadcast(SPECIES, mu0);
        final DoubleVector m1 = DoubleVector.broadcast(SPECIES, mu1);
        final DoubleVector m2 = DoubleVector.broadcast(SPECIES, mu2);
        final DoubleVector m3 = DoubleVector.broadcast(SPECIES, mu3);
        DoubleVector t0 = DoubleVector.fromArray(SPECIES, accS1, s1);
        DoubleVector t1 = DoubleVector.fromArray(SPECIES, accS1, s1 + lanes);
        DoubleVector t2 = DoubleVector.fromArray(SPECIES, accS1, s1 + 2 * lanes);
        DoubleVector t3 = DoubleVector.fromArray(SPECIES, accS1, s1 + 3 * lanes);
        DoubleVector a00 = DoubleVector.fromArray(SPECIES, accS2, acc);
        DoubleVector a01 = DoubleVector.fromArray(SPECIES, accS2, acc + lanes);
        DoubleVector a02 = DoubleVector.fromArray(SPECIES, accS2, acc + 2 * lanes);
        DoubleVector a03 = DoubleVector.fromArray(SPECIES, accS2, acc + 3 * lanes);
        DoubleVector a11 = DoubleVector.fromArray(SPECIES, accS2, acc + stride + lanes);
        DoubleVector a12 = DoubleVector.fromArray(SPECIES, accS2, acc + stride + 2 * lanes);
        DoubleVector a13 = DoubleVector.fromArray(SPECIES, accS2, acc + stride + 3 * lanes);
        DoubleVector a22 = DoubleVector.fromArray(SPECIES, accS2, acc + 2 * stride + 2 * lanes);
        DoubleVector a23 = DoubleVector.fromArray(SPECIES, accS2, acc + 2 * stride + 3 * lanes);
        DoubleVector a33 = DoubleVector.fromArray(SPECIES, accS2, acc + 3 * stride + 3 * lanes);
        for (int s = 0; s < samples; s += lanes) {
            DoubleVector r = DoubleVector.fromArray(SPECIES, rb, q + s);
            DoubleVector d0 = DoubleVector.fromArray(SPECIES, xt, f + s).sub(m0);
            DoubleVector d1 = DoubleVector.fromArray(SPECIES, xt, f + TILE_SAMPLES + s).sub(m1);
            DoubleVector d2 = DoubleVector.fromArray(SPECIES, xt, f + 2 * TILE_SAMPLES + s).sub(m2);
            DoubleVector d3 = DoubleVector.fromArray(SPECIES, xt, f + 3 * TILE_SAMPLES + s).sub(m3);
            DoubleVector u0 = r.mul(d0);
            DoubleVector u1 = r.mul(d1);
            DoubleVector u2 = r.mul(d2);
            DoubleVector u3 = r.mul(d3);
            t0 = t0.add(u0);
            t1 = t1.add(u1);
            t2 = t2.add(u2);
            t3 = t3.add(u3);
            a00 = u0.fma(d0, a00);
            a01 = u0.fma(d1, a01);
            a02 = u0.fma(d2, a02);
            a03 = u0.fma(d3, a03);
            a11 = u1.fma(d1, a11);
            a12 = u1.fma(d2, a12);
            a13 = u1.fma(d3, a13);
            a22 = u2.fma(d2, a22);
            a23 = u2.fma(d3, a23);
            a33 = u3.fma(d3, a33);
        }
        t0.intoArray(accS1, s1);
        t1.intoArray(accS1, s1 + lanes);
        t2.intoArray(accS1, s1 + 2 * lanes);
        t3.intoArray(accS1, s1 + 3 * lanes);
        a00.intoArray(accS2, acc);
        a01.intoArray(accS2, acc + lanes);
        a02.intoArray(accS2, acc + 2 * lanes);
        a03.intoArray(accS2, acc + 3 * lanes);
        a11.intoArray(accS2, acc + stride + lanes);
        a12.intoArray(accS2, acc + stride + 2 * lanes);
        a13.intoArray(accS2, acc + stride + 3 * lanes);
        a22.intoArray(accS2, acc + 2 * stride + 2 * lanes);
        a23.intoArray(accS2, acc + 2 * stride + 3 * lanes);
        a33.intoArray(accS2, acc + 3 * stride + 3 * lanes);
    }

    /** {@link #diagonalTile} for the last one or two features: rows and columns j, j+1, three sums. */
    private void diagonalTile2(int c, int j, int q, int samples, double mu0, double mu1) {
        final int lanes = LANES;
        final int acc = s2Offset(c, j, j) + q;
        final int stride = width * lanes;
        final int f = j * TILE_SAMPLES + q;
        final int s1 = (c * d + j) * lanes + q;
        final boolean two = d - j > 1;
        final double[] xt = tileValues;
        final double[] rb = rBuf;
        final DoubleVector m0 = DoubleVector.broadcast(SPECIES, mu0);
        final DoubleVector m1 = DoubleVector.broadcast(SPECIES, mu1);
        DoubleVector t0 = DoubleVector.fromArray(SPECIES, accS1, s1);
        DoubleVector t1 = two ? DoubleVector.fromArray(SPECIES, accS1, s1 + lanes) : DoubleVector.zero(SPECIES);
        DoubleVector a00 = DoubleVector.fromArray(SPECIES, accS2, acc);
        DoubleVector a01 = DoubleVector.fromArray(SPECIES, accS2, acc + lanes);
        DoubleVector a11 = DoubleVector.fromArray(SPECIES, accS2, acc + stride + lanes);
        for (int s = 0; s < samples; s += lanes) {
            DoubleVector r = DoubleVector.fromArray(SPECIES, rb, q + s);
            DoubleVector d0 = DoubleVector.fromArray(SPECIES, xt, f + s).sub(m0);
            DoubleVector d1 = DoubleVector.fromArray(SPECIES, xt, f + TILE_SAMPLES + s).sub(m1);
            DoubleVector u0 = r.mul(d0);
            DoubleVector u1 = r.mul(d1);
            t0 = t0.add(u0);
            t1 = t1.add(u1);
            a00 = u0.fma(d0, a00);
            a01 = u0.fma(d1, a01);
            a11 = u1.fma(d1, a11);
        }
        t0.intoArray(accS1, s1);
        if (two) {
            t1.intoArray(accS1, s1 + lanes);
        }
        a00.intoArray(accS2, acc);
        a01.intoArray(accS2, acc + lanes);
        a11.intoArray(accS2, acc + stride + lanes);
    }

    /** {@link #diagonalTile} for the last three features: rows and columns j..j+2, six sums. */
    private void diagonalTile3(int c, int j, int q, int samples, double mu0, double mu1, double mu2) {
        final int lanes = LANES;
        final int acc = s2Offset(c, j, j) + q;
        final int stride = width * lanes;
        final int f = j * TILE_SAMPLES + q;
        final int s1 = (c * d + j) * lanes + q;
        final double[] xt = tileValues;
        final double[] rb = rBuf;
        final DoubleVector m0 = DoubleVector.broadcast(SPECIES, mu0);
        final DoubleVector m1 = DoubleVector.broadcast(SPECIES, mu1);
        final DoubleVector m2 = DoubleVector.broadcast(SPECIES, mu2);
        DoubleVector t0 = DoubleVector.fromArray(SPECIES, accS1, s1);
        DoubleVector t1 = DoubleVector.fromArray(SPECIES, accS1, s1 + lanes);
        DoubleVector t2 = DoubleVector.fromArray(SPECIES, accS1, s1 + 2 * lanes);
        DoubleVector a00 = DoubleVector.fromArray(SPECIES, accS2, acc);
        DoubleVector a01 = DoubleVector.fromArray(SPECIES, accS2, acc + lanes);
        DoubleVector a02 = DoubleVector.fromArray(SPECIES, accS2, acc + 2 * lanes);
        DoubleVector a11 = DoubleVector.fromArray(SPECIES, accS2, acc + stride + lanes);
        DoubleVector a12 = DoubleVector.fromArray(SPECIES, accS2, acc + stride + 2 * lanes);
        DoubleVector a22 = DoubleVector.fromArray(SPECIES, accS2, acc + 2 * stride + 2 * lanes);
        for (int s = 0; s < samples; s += lanes) {
            DoubleVector r = DoubleVector.fromArray(SPECIES, rb, q + s);
            DoubleVector d0 = DoubleVector.fromArray(SPECIES, xt, f + s).sub(m0);
            DoubleVector d1 = DoubleVector.fromArray(SPECIES, xt, f + TILE_SAMPLES + s).sub(m1);
            DoubleVector d2 = DoubleVector.fromArray(SPECIES, xt, f + 2 * TILE_SAMPLES + s).sub(m2);
            DoubleVector u0 = r.mul(d0);
            DoubleVector u1 = r.mul(d1);
            DoubleVector u2 = r.mul(d2);
            t0 = t0.add(u0);
            t1 = t1.add(u1);
            t2 = t2.add(u2);
            a00 = u0.fma(d0, a00);
            a01 = u0.fma(d1, a01);
            a02 = u0.fma(d2, a02);
            a11 = u1.fma(d1, a11);
            a12 = u1.fma(d2, a12);
            a22 = u2.fma(d2, a22);
        }
        t0.intoArray(accS1, s1);
        t1.intoArray(accS1, s1 + lanes);
        t2.intoArray(accS1, s1 + 2 * lanes);
        a00.intoArray(accS2, acc);
        a01.intoArray(accS2, acc + lanes);
        a02.intoArray(accS2, acc + 2 * lanes);
        a11.intoArray(accS2, acc + stride + lanes);
        a12.intoArray(accS2, acc + stride + 2 * lanes);
        a22.intoArray(accS2, acc + 2 * stride + 2 * lanes);
    }

    /** {@link #momentTile} for the last three features: columns j..j+2, twelve sums. */
    private void momentTile3(int acc, int rows, int cols, int q, int samples, double nu0, double nu1, double nu2,
            double nu3, double mu0, double mu1, double mu2) {
        final int lanes = LANES;
        final int stride = width * lanes;
        final double[] xt = tileValues;
        final double[] rb = rBuf;
        final DoubleVector n0 = DoubleVector.broadcast(SPECIES, nu0);
        final DoubleVector n1 = DoubleVector.broadcast(SPECIES, nu1);
        final DoubleVector n2 = DoubleVector.broadcast(SPECIES, nu2);
        final DoubleVector n3 = DoubleVector.broadcast(SPECIES, nu3);
        final DoubleVector m0 = DoubleVector.broadcast(SPECIES, mu0);
        final DoubleVector m1 = DoubleVector.broadcast(SPECIES, mu1);
        final DoubleVector m2 = DoubleVector.broadcast(SPECIES, mu2);
        DoubleVector a00 = DoubleVector.fromArray(SPECIES, accS2, acc);
        DoubleVector a01 = DoubleVector.fromArray(SPECIES, accS2, acc + lanes);
        DoubleVector a02 = DoubleVector.fromArray(SPECIES, accS2, acc + 2 * lanes);
        DoubleVector a10 = DoubleVector.fromArray(SPECIES, accS2, acc + stride);
        DoubleVector a11 = DoubleVector.fromArray(SPECIES, accS2, acc + stride + lanes);
        DoubleVector a12 = DoubleVector.fromArray(SPECIES, accS2, acc + stride + 2 * lanes);
        DoubleVector a20 = DoubleVector.fromArray(SPECIES, accS2, acc + 2 * stride);
        DoubleVector a21 = DoubleVector.fromArray(SPECIES, accS2, acc + 2 * stride + lanes);
        DoubleVector a22 = DoubleVector.fromArray(SPECIES, accS2, acc + 2 * stride + 2 * lanes);
        DoubleVector a30 = DoubleVector.fromArray(SPECIES, accS2, acc + 3 * stride);
        DoubleVector a31 = DoubleVector.fromArray(SPECIES, accS2, acc + 3 * stride + lanes);
        DoubleVector a32 = DoubleVector.fromArray(SPECIES, accS2, acc + 3 * stride + 2 * lanes);
        for (int s = 0; s < samples; s += lanes) {
            DoubleVector r = DoubleVector.fromArray(SPECIES, rb, q + s);
            DoubleVector u0 = r.mul(DoubleVector.fromArray(SPECIES, xt, rows + s).sub(n0));
            DoubleVector u1 = r.mul(DoubleVector.fromArray(SPECIES, xt, rows + TILE_SAMPLES + s).sub(n1));
            DoubleVector u2 = r.mul(DoubleVector.fromArray(SPECIES, xt, rows + 2 * TILE_SAMPLES + s).sub(n2));
            DoubleVector u3 = r.mul(DoubleVector.fromArray(SPECIES, xt, rows + 3 * TILE_SAMPLES + s).sub(n3));
            DoubleVector d0 = DoubleVector.fromArray(SPECIES, xt, cols + s).sub(m0);
            DoubleVector d1 = DoubleVector.fromArray(SPECIES, xt, cols + TILE_SAMPLES + s).sub(m1);
            DoubleVector d2 = DoubleVector.fromArray(SPECIES, xt, cols + 2 * TILE_SAMPLES + s).sub(m2);
            a00 = u0.fma(d0, a00);
            a01 = u0.fma(d1, a01);
            a02 = u0.fma(d2, a02);
            a10 = u1.fma(d0, a10);
            a11 = u1.fma(d1, a11);
            a12 = u1.fma(d2, a12);
            a20 = u2.fma(d0, a20);
            a21 = u2.fma(d1, a21);
            a22 = u2.fma(d2, a22);
            a30 = u3.fma(d0, a30);
            a31 = u3.fma(d1, a31);
            a32 = u3.fma(d2, a32);
        }
        a00.intoArray(accS2, acc);
        a01.intoArray(accS2, acc + lanes);
        a02.intoArray(accS2, acc + 2 * lanes);
        a10.intoArray(accS2, acc + stride);
        a11.intoArray(accS2, acc + stride + lanes);
        a12.intoArray(accS2, acc + stride + 2 * lanes);
        a20.intoArray(accS2, acc + 2 * stride);
        a21.intoArray(accS2, acc + 2 * stride + lanes);
        a22.intoArray(accS2, acc + 2 * stride + 2 * lanes);
        a30.intoArray(accS2, acc + 3 * stride);
        a31.intoArray(accS2, acc + 3 * stride + lanes);
        a32.intoArray(accS2, acc + 3 * stride + 2 * lanes);
    }

    /** {@link #momentTile} for the last one or two features: columns j, j+1, eight sums. */
    private void momentTile2(int acc, int rows, int cols, int q, int samples, double nu0, double nu1, double nu2,
            double nu3, double mu0, double mu1) {
        final int lanes = LANES;
        final int stride = width * lanes;
        final double[] xt = tileValues;
        final double[] rb = rBuf;
        final DoubleVector n0 = DoubleVector.broadcast(SPECIES, nu0);
        final DoubleVector n1 = DoubleVector.broadcast(SPECIES, nu1);
        final DoubleVector n2 = DoubleVector.broadcast(SPECIES, nu2);
        final DoubleVector n3 = DoubleVector.broadcast(SPECIES, nu3);
        final DoubleVector m0 = DoubleVector.broadcast(SPECIES, mu0);
        final DoubleVector m1 = DoubleVector.broadcast(SPECIES, mu1);
        DoubleVector a00 = DoubleVector.fromArray(SPECIES, accS2, acc);
        DoubleVector a01 = DoubleVector.fromArray(SPECIES, accS2, acc + lanes);
        DoubleVector a10 = DoubleVector.fromArray(SPECIES, accS2, acc + stride);
        DoubleVector a11 = DoubleVector.fromArray(SPECIES, accS2, acc + stride + lanes);
        DoubleVector a20 = DoubleVector.fromArray(SPECIES, accS2, acc + 2 * stride);
        DoubleVector a21 = DoubleVector.fromArray(SPECIES, accS2, acc + 2 * stride + lanes);
        DoubleVector a30 = DoubleVector.fromArray(SPECIES, accS2, acc + 3 * stride);
        DoubleVector a31 = DoubleVector.fromArray(SPECIES, accS2, acc + 3 * stride + lanes);
        for (int s = 0; s < samples; s += lanes) {
            DoubleVector r = DoubleVector.fromArray(SPECIES, rb, q + s);
            DoubleVector u0 = r.mul(DoubleVector.fromArray(SPECIES, xt, rows + s).sub(n0));
            DoubleVector u1 = r.mul(DoubleVector.fromArray(SPECIES, xt, rows + TILE_SAMPLES + s).sub(n1));
            DoubleVector u2 = r.mul(DoubleVector.fromArray(SPECIES, xt, rows + 2 * TILE_SAMPLES + s).sub(n2));
            DoubleVector u3 = r.mul(DoubleVector.fromArray(SPECIES, xt, rows + 3 * TILE_SAMPLES + s).sub(n3));
            DoubleVector d0 = DoubleVector.fromArray(SPECIES, xt, cols + s).sub(m0);
            DoubleVector d1 = DoubleVector.fromArray(SPECIES, xt, cols + TILE_SAMPLES + s).sub(m1);
            a00 = u0.fma(d0, a00);
            a01 = u0.fma(d1, a01);
            a10 = u1.fma(d0, a10);
            a11 = u1.fma(d1, a11);
            a20 = u2.fma(d0, a20);
            a21 = u2.fma(d1, a21);
            a30 = u3.fma(d0, a30);
            a31 = u3.fma(d1, a31);
        }
        a00.intoArray(accS2, acc);
        a01.intoArray(accS2, acc + lanes);
        a10.intoArray(accS2, acc + stride);
        a11.intoArray(accS2, acc + stride + lanes);
        a20.intoArray(accS2, acc + 2 * stride);
        a21.intoArray(accS2, acc + 2 * stride + lanes);
        a30.intoArray(accS2, acc + 3 * stride);
        a31.intoArray(accS2, acc + 3 * stride + lanes);
    }

    /**
     * Adds r d_i d_j over the tile's samples for rows i..i+3 and columns j..j+3 of S2 (i &lt; j),
     * its sixteen sums in registers: {@code acc} where S2[i][j] starts in {@link #accS2},
     * {@code rows} and {@code cols} where features i and j start in {@link #tileValues}, {@code q}
     * where r starts in {@link #rBuf}, {@code nu0..nu3} and {@code mu0..mu3} the means of the
     * rows' and the columns' features.
     */
    private void momentTile(int acc, int rows, int cols, int q, int samples, double nu0, double nu1, double nu2,
            double nu3, double mu0, double mu1, double mu2, double mu3) {
        final int lanes = LANES;
        final int stride = width * lanes; // next row of S2
        final double[] xt = tileValues;
        final double[] rb = rBuf;
        final DoubleVector n0 = DoubleVector.broadcast(SPECIES, nu0);
        final DoubleVector n1 = DoubleVector.broadcast(SPECIES, nu1);
        final DoubleVector n2 = DoubleVector.broadcast(SPECIES, nu2);
        final DoubleVector n3 = DoubleVector.broadcast(SPECIES, nu3);
        final DoubleVector m0 = DoubleVector.broadcast(SPECIES, mu0);
        final DoubleVector m1 = DoubleVector.broadcast(SPECIES, mu1);
        final DoubleVector m2 = DoubleVector.broadcast(SPECIES, mu2);
        final DoubleVector m3 = DoubleVector.broadcast(SPECIES, mu3);
        DoubleVector a00 = DoubleVector.fromArray(SPECIES, accS2, acc);
        DoubleVector a01 = DoubleVector.fromArray(SPECIES, accS2, acc + lanes);
        DoubleVector a02 = DoubleVector.fromArray(SPECIES, accS2, acc + 2 * lanes);
        DoubleVector a03 = DoubleVector.fromArray(SPECIES, accS2, acc + 3 * lanes);
        DoubleVector a10 = DoubleVector.fromArray(SPECIES, accS2, acc + stride);
        DoubleVector a11 = DoubleVector.fromArray(SPECIES, accS2, acc + stride + lanes);
        DoubleVector a12 = DoubleVector.fromArray(SPECIES, accS2, acc + stride + 2 * lanes);
        DoubleVector a13 = DoubleVector.fromArray(SPECIES, accS2, acc + stride + 3 * lanes);
        DoubleVector a20 = DoubleVector.fromArray(SPECIES, accS2, acc + 2 * stride);
        DoubleVector a21 = DoubleVector.fromArray(SPECIES, accS2, acc + 2 * stride + lanes);
        DoubleVector a22 = DoubleVector.fromArray(SPECIES, accS2, acc + 2 * stride + 2 * lanes);
        DoubleVector a23 = DoubleVector.fromArray(SPECIES, accS2, acc + 2 * stride + 3 * lanes);
        DoubleVector a30 = DoubleVector.fromArray(SPECIES, accS2, acc + 3 * stride);
        DoubleVector a31 = DoubleVector.fromArray(SPECIES, accS2, acc + 3 * stride + lanes);
        DoubleVector a32 = DoubleVector.fromArray(SPECIES, accS2, acc + 3 * stride + 2 * lanes);
        DoubleVector a33 = DoubleVector.fromArray(SPECIES, accS2, acc + 3 * stride + 3 * lanes);
        for (int s = 0; s < samples; s += lanes) {
            DoubleVector r = DoubleVector.fromArray(SPECIES, rb, q + s);
            DoubleVector u0 = r.mul(DoubleVector.fromArray(SPECIES, xt, rows + s).sub(n0));
            DoubleVector u1 = r.mul(DoubleVector.fromArray(SPECIES, xt, rows + TILE_SAMPLES + s).sub(n1));
            DoubleVector u2 = r.mul(DoubleVector.fromArray(SPECIES, xt, rows + 2 * TILE_SAMPLES + s).sub(n2));
            DoubleVector u3 = r.mul(DoubleVector.fromArray(SPECIES, xt, rows + 3 * TILE_SAMPLES + s).sub(n3));
            DoubleVector d0 = DoubleVector.fromArray(SPECIES, xt, cols + s).sub(m0);
            DoubleVector d1 = DoubleVector.fromArray(SPECIES, xt, cols + TILE_SAMPLES + s).sub(m1);
            DoubleVector d2 = DoubleVector.fromArray(SPECIES, xt, cols + 2 * TILE_SAMPLES + s).sub(m2);
            DoubleVector d3 = DoubleVector.fromArray(SPECIES, xt, cols + 3 * TILE_SAMPLES + s).sub(m3);
            a00 = u0.fma(d0, a00);
            a01 = u0.fma(d1, a01);
            a02 = u0.fma(d2, a02);
            a03 = u0.fma(d3, a03);
            a10 = u1.fma(d0, a10);
            a11 = u1.fma(d1, a11);
            a12 = u1.fma(d2, a12);
            a13 = u1.fma(d3, a13);
            a20 = u2.fma(d0, a20);
            a21 = u2.fma(d1, a21);
            a22 = u2.fma(d2, a22);
            a23 = u2.fma(d3, a23);
            a30 = u3.fma(d0, a30);
            a31 = u3.fma(d1, a31);
            a32 = u3.fma(d2, a32);
            a33 = u3.fma(d3, a33);
        }
        a00.intoArray(accS2, acc);
        a01.intoArray(accS2, acc + lanes);
        a02.intoArray(accS2, acc + 2 * lanes);
        a03.intoArray(accS2, acc + 3 * lanes);
        a10.intoArray(accS2, acc + stride);
        a11.intoArray(accS2, acc + stride + lanes);
        a12.intoArray(accS2, acc + stride + 2 * lanes);
        a13.intoArray(accS2, acc + stride + 3 * lanes);
        a20.intoArray(accS2, acc + 2 * stride);
        a21.intoArray(accS2, acc + 2 * stride + lanes);
        a22.intoArray(accS2, acc + 2 * stride + 2 * lanes);
        a23.intoArray(accS2, acc + 2 * stride + 3 * lanes);
        a30.intoArray(accS2, acc + 3 * stride);
        a31.intoArray(accS2, acc + 3 * stride + lanes);
        a32.intoArray(accS2, acc + 3 * stride + 2 * lanes);
        a33.intoArray(accS2, acc + 3 * stride + 3 * lanes);
    }

    /** {@link #moments} for diagonal and spherical covariances, any D, from {@link #tileValues}: feature by feature, the two sums in registers. */
    private void momentsDiagonal(int blocks, KernelModel model) {
        final int lanes = LANES;
        final int d = this.d;
        final int samples = blocks * lanes;
        final double[] means = model.means;
        final double[] xt = tileValues;
        for (int c = 0; c < k; c++) {
            responsibilities(c, blocks);
            for (int j = 0; j < d; j++) {
                DoubleVector mu = DoubleVector.broadcast(SPECIES, means[c * d + j]);
                int f = j * TILE_SAMPLES;
                for (int q = 0; q < lanes; q += P) {
                    int o = (c * d + j) * lanes + q; // S1 and the diagonal S2 have the same layout
                    DoubleVector a1 = DoubleVector.fromArray(SPECIES, accS1, o);
                    DoubleVector a2 = DoubleVector.fromArray(SPECIES, accS2, o);
                    for (int s = q; s < samples; s += lanes) {
                        DoubleVector dd = DoubleVector.fromArray(SPECIES, xt, f + s).sub(mu);
                        DoubleVector rd = DoubleVector.fromArray(SPECIES, rBuf, s).mul(dd);
                        a1 = a1.add(rd);
                        a2 = rd.fma(dd, a2);
                    }
                    a1.intoArray(accS1, o);
                    a2.intoArray(accS2, o);
                }
            }
        }
    }

    /**
     * {@link #moments} for D = 3, diagonal or spherical, two components at a time over the tile
     * with their fourteen sums in registers: each vector of samples and of w / sum is loaded once
     * for both. For odd K the last pair is the last component twice; the second's sums start from
     * zero and are dropped.
     */
    private void moments3Diagonal(double[] x, int xOffset, int blocks, KernelModel model) {
        final int lanes = LANES;
        final double[] means = model.means;
        final DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int c = 0; c < k; c += 2) {
            final boolean twin = c + 1 == k;
            final int c2 = twin ? c : c + 1;
            DoubleVector mu0 = DoubleVector.broadcast(SPECIES, means[c * 3]);
            DoubleVector mu1 = DoubleVector.broadcast(SPECIES, means[c * 3 + 1]);
            DoubleVector mu2 = DoubleVector.broadcast(SPECIES, means[c * 3 + 2]);
            DoubleVector nu0 = DoubleVector.broadcast(SPECIES, means[c2 * 3]);
            DoubleVector nu1 = DoubleVector.broadcast(SPECIES, means[c2 * 3 + 1]);
            DoubleVector nu2 = DoubleVector.broadcast(SPECIES, means[c2 * 3 + 2]);
            final int row = c * TILE_SAMPLES;
            final int row2 = c2 * TILE_SAMPLES;
            for (int q = 0; q < lanes; q += P) {
                int nkIndex = c * lanes + q;
                int nkIndex2 = c2 * lanes + q;
                int s = c * 3 * lanes + q; // S1 and the diagonal S2 have the same layout for D = 3
                int t = c2 * 3 * lanes + q;
                DoubleVector nk = DoubleVector.fromArray(SPECIES, accNk, nkIndex);
                DoubleVector a0 = DoubleVector.fromArray(SPECIES, accS1, s);
                DoubleVector a1 = DoubleVector.fromArray(SPECIES, accS1, s + lanes);
                DoubleVector a2 = DoubleVector.fromArray(SPECIES, accS1, s + 2 * lanes);
                DoubleVector m0 = DoubleVector.fromArray(SPECIES, accS2, s);
                DoubleVector m1 = DoubleVector.fromArray(SPECIES, accS2, s + lanes);
                DoubleVector m2 = DoubleVector.fromArray(SPECIES, accS2, s + 2 * lanes);
                DoubleVector nl = twin ? zero : DoubleVector.fromArray(SPECIES, accNk, nkIndex2);
                DoubleVector b0 = twin ? zero : DoubleVector.fromArray(SPECIES, accS1, t);
                DoubleVector b1 = twin ? zero : DoubleVector.fromArray(SPECIES, accS1, t + lanes);
                DoubleVector b2 = twin ? zero : DoubleVector.fromArray(SPECIES, accS1, t + 2 * lanes);
                DoubleVector n0 = twin ? zero : DoubleVector.fromArray(SPECIES, accS2, t);
                DoubleVector n1 = twin ? zero : DoubleVector.fromArray(SPECIES, accS2, t + lanes);
                DoubleVector n2 = twin ? zero : DoubleVector.fromArray(SPECIES, accS2, t + 2 * lanes);
                for (int b = 0; b < blocks; b++) {
                    int o = b * lanes + q;
                    DoubleVector scale = DoubleVector.fromArray(SPECIES, scaleBuf, o);
                    DoubleVector r = DoubleVector.fromArray(SPECIES, logProb, row + o).mul(scale);
                    DoubleVector u = DoubleVector.fromArray(SPECIES, logProb, row2 + o).mul(scale);
                    int xb = xOffset + b * 3 * lanes + q;
                    DoubleVector x0 = DoubleVector.fromArray(SPECIES, x, xb);
                    DoubleVector x1 = DoubleVector.fromArray(SPECIES, x, xb + lanes);
                    DoubleVector x2 = DoubleVector.fromArray(SPECIES, x, xb + 2 * lanes);
                    DoubleVector d0 = x0.sub(mu0);
                    DoubleVector d1 = x1.sub(mu1);
                    DoubleVector d2 = x2.sub(mu2);
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
                    DoubleVector e0 = x0.sub(nu0);
                    DoubleVector e1 = x1.sub(nu1);
                    DoubleVector e2 = x2.sub(nu2);
                    nl = nl.add(u);
                    DoubleVector ue0 = u.mul(e0);
                    DoubleVector ue1 = u.mul(e1);
                    DoubleVector ue2 = u.mul(e2);
                    b0 = b0.add(ue0);
                    b1 = b1.add(ue1);
                    b2 = b2.add(ue2);
                    n0 = ue0.fma(e0, n0);
                    n1 = ue1.fma(e1, n1);
                    n2 = ue2.fma(e2, n2);
                }
                nk.intoArray(accNk, nkIndex);
                a0.intoArray(accS1, s);
                a1.intoArray(accS1, s + lanes);
                a2.intoArray(accS1, s + 2 * lanes);
                m0.intoArray(accS2, s);
                m1.intoArray(accS2, s + lanes);
                m2.intoArray(accS2, s + 2 * lanes);
                if (!twin) {
                    nl.intoArray(accNk, nkIndex2);
                    b0.intoArray(accS1, t);
                    b1.intoArray(accS1, t + lanes);
                    b2.intoArray(accS1, t + 2 * lanes);
                    n0.intoArray(accS2, t);
                    n1.intoArray(accS2, t + lanes);
                    n2.intoArray(accS2, t + 2 * lanes);
                }
            }
        }
    }

    /** {@link #moments} for D = 3, full or tied, component by component over the tile with its ten sums in registers. */
    private void moments3(double[] x, int xOffset, int blocks, KernelModel model) {
        final int lanes = LANES;
        final double[] means = model.means;
        for (int c = 0; c < k; c++) {
            DoubleVector mu0 = DoubleVector.broadcast(SPECIES, means[c * 3]);
            DoubleVector mu1 = DoubleVector.broadcast(SPECIES, means[c * 3 + 1]);
            DoubleVector mu2 = DoubleVector.broadcast(SPECIES, means[c * 3 + 2]);
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
                    DoubleVector r = DoubleVector.fromArray(SPECIES, logProb, c * TILE_SAMPLES + b * lanes + q)
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

    /*
     * Each value is stored once more (e over lp), not twice: lp - max is taken inside exp, as its
     * argument, rather than stored in a pass of its own. The arrays are not 64-byte aligned (Java
     * does not align them), so most vector stores span two cache lines, and they are what such
     * passes cost. The maximum runs in two chains (even and odd components): max is exact, so any
     * order gives the same bits, and one chain of K dependent maxima was slower than the max it took.
     * For even K the last component is taken twice rather than after the loop: that branch, always
     * taken in the warm-up (K = 8), deoptimised the method in the middle of fits of odd K.
     */
    @Override
    void exponentiate(int blocks) {
        final int samples = blocks * LANES;
        for (int s = 0; s < samples; s += P) {
            DoubleVector even = DoubleVector.fromArray(SPECIES, logProb, s);
            DoubleVector odd = even;
            for (int c = 1; c < k; c += 2) {
                odd = odd.max(DoubleVector.fromArray(SPECIES, logProb, c * TILE_SAMPLES + s));
                even = even.max(DoubleVector.fromArray(SPECIES, logProb, Math.min(c + 1, k - 1) * TILE_SAMPLES + s));
            }
            even.max(odd).intoArray(maxBuf, s);
        }
        for (int c = 0; c < k; c++) {
            exp(logProb, c * TILE_SAMPLES, samples, maxBuf);
        }
        for (int s = 0; s < samples; s += P) {
            DoubleVector sum = DoubleVector.zero(SPECIES);
            for (int c = 0; c < k; c++) {
                sum = sum.add(DoubleVector.fromArray(SPECIES, logProb, c * TILE_SAMPLES + s));
            }
            sum.intoArray(sumBuf, s);
        }
    }

    @Override
    void likelihood(double[] w, int wOffset, int blocks) {
        int n = blocks * LANES;
        log(sumBuf, logSumBuf, n);
        for (int q = 0; q < LANES; q += P) {
            DoubleVector logLikelihood = DoubleVector.fromArray(SPECIES, accLogLikelihood, q);
            DoubleVector totalWeight = DoubleVector.fromArray(SPECIES, accWeight, q);
            for (int b = 0; b < blocks; b++) {
                int i = b * LANES + q;
                DoubleVector sum = DoubleVector.fromArray(SPECIES, sumBuf, i);
                DoubleVector weight = DoubleVector.fromArray(SPECIES, w, wOffset + i);
                logLikelihood = DoubleVector.fromArray(SPECIES, maxBuf, i).add(DoubleVector.fromArray(SPECIES, logSumBuf, i))
                        .fma(weight, logLikelihood);
                totalWeight = totalWeight.add(weight);
                weight.div(sum).intoArray(scaleBuf, i);
            }
            logLikelihood.intoArray(accLogLikelihood, q);
            totalWeight.intoArray(accWeight, q);
        }
    }

    @Override
    void neighbourSum(float[] p, int a, float[] q, int b, float w, float[] out, int o, int len, boolean add) {
        int step = WIDE_FLOATS.length();
        int whole = len / step * step;
        FloatVector weight = FloatVector.broadcast(WIDE_FLOATS, w);
        if (add) {
            for (int i = 0; i < whole; i += step) {
                FloatVector.fromArray(WIDE_FLOATS, p, a + i).add(FloatVector.fromArray(WIDE_FLOATS, q, b + i))
                        .fma(weight, FloatVector.fromArray(WIDE_FLOATS, out, o + i)).intoArray(out, o + i);
            }
        } else {
            for (int i = 0; i < whole; i += step) {
                FloatVector.fromArray(WIDE_FLOATS, p, a + i).add(FloatVector.fromArray(WIDE_FLOATS, q, b + i))
                        .mul(weight).intoArray(out, o + i);
            }
        }
        super.neighbourSum(p, a + whole, q, b + whole, w, out, o + whole, len - whole, add);
    }

    @Override
    void widen(float[] v, int from, double[] x, int begin, int end) {
        int whole = begin + (end - begin) / P * P;
        for (int i = begin; i < whole; i += P) {
            ((DoubleVector) FloatVector.fromArray(FLOATS, v, from + i).convertShape(VectorOperators.F2D, SPECIES, 0))
                    .intoArray(x, i);
        }
        super.widen(v, from, x, whole, end);
    }

    @Override
    void addField(int begin, int end, double beta, float[] field, float[][] old, int from, double[] lanes) {
        int whole = begin + (end - begin) / P * P;
        DoubleVector b = DoubleVector.broadcast(SPECIES, beta);
        for (int s = begin; s < whole; s += P) {
            DoubleVector p = DoubleVector.zero(SPECIES);
            for (int c = 0; c < k; c++) {
                int i = c * TILE_SAMPLES + s;
                DoubleVector f = (DoubleVector) FloatVector.fromArray(FLOATS, field, i)
                        .convertShape(VectorOperators.F2D, SPECIES, 0);
                b.fma(f, DoubleVector.fromArray(SPECIES, logProb, i)).intoArray(logProb, i);
                DoubleVector g = (DoubleVector) FloatVector.fromArray(FLOATS, old[c], from + s)
                        .convertShape(VectorOperators.F2D, SPECIES, 0);
                p = g.fma(f, p);
            }
            int lane = s & (LANES - 1);
            DoubleVector.fromArray(SPECIES, lanes, lane).add(p).intoArray(lanes, lane);
        }
        super.addField(whole, end, beta, field, old, from, lanes);
    }

    @Override
    void storeResponsibilities(int begin, int end, float[][] out, int from, float[] field, double[] lanes) {
        int whole = begin + (end - begin) / P * P;
        for (int s = begin; s < whole; s += P) {
            DoubleVector scale = DoubleVector.fromArray(SPECIES, scaleBuf, s);
            DoubleVector x = DoubleVector.zero(SPECIES);
            for (int c = 0; c < k; c++) {
                int i = c * TILE_SAMPLES + s;
                DoubleVector r = DoubleVector.fromArray(SPECIES, logProb, i).mul(scale);
                ((FloatVector) r.convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(out[c], from + s);
                DoubleVector f = (DoubleVector) FloatVector.fromArray(FLOATS, field, i)
                        .convertShape(VectorOperators.F2D, SPECIES, 0);
                x = r.fma(f, x);
            }
            int lane = s & (LANES - 1);
            DoubleVector.fromArray(SPECIES, lanes, lane).add(x).intoArray(lanes, lane);
        }
        super.storeResponsibilities(whole, end, out, from, field, lanes);
    }

    @Override
    void labels(int begin, int end) {
        int whole = begin + (end - begin) / P * P;
        DoubleVector none = DoubleVector.broadcast(SPECIES, -1);
        DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int s = begin; s < whole; s += P) {
            DoubleVector best = DoubleVector.fromArray(SPECIES, logProb, s);
            DoubleVector label = zero;
            for (int c = 1; c < k; c++) {
                DoubleVector v = DoubleVector.fromArray(SPECIES, logProb, c * TILE_SAMPLES + s);
                VectorMask<Double> higher = v.compare(VectorOperators.GT, best);
                best = best.blend(v, higher);
                label = label.blend(DoubleVector.broadcast(SPECIES, c), higher);
            }
            // stored from a select, not left behind by the loop (see nearest)
            label.blend(none, DoubleVector.fromArray(SPECIES, scaleBuf, s).compare(VectorOperators.EQ, zero))
                    .intoArray(labelBuf, s);
        }
        super.labels(whole, end);
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

    /**
     * {@link EStepKernel#exp}(a[from + i] - shift[i]) into a[from + i] for i in [0, n), n a multiple
     * of the vector length. The
     * polynomial's coefficients are read into locals before the loop: read from their array in it,
     * they were loaded and broadcast again for every vector (the stores into {@code a} might
     * change them, as far as the JIT can tell).
     */
    static void exp(double[] a, int from, int n, double[] shift) {
        final double[] c = EXP_POLY;
        final DoubleVector c0 = DoubleVector.broadcast(SPECIES, c[0]);
        final DoubleVector c1 = DoubleVector.broadcast(SPECIES, c[1]);
        final DoubleVector c2 = DoubleVector.broadcast(SPECIES, c[2]);
        final DoubleVector c3 = DoubleVector.broadcast(SPECIES, c[3]);
        final DoubleVector c4 = DoubleVector.broadcast(SPECIES, c[4]);
        final DoubleVector c5 = DoubleVector.broadcast(SPECIES, c[5]);
        final DoubleVector c6 = DoubleVector.broadcast(SPECIES, c[6]);
        final DoubleVector c7 = DoubleVector.broadcast(SPECIES, c[7]);
        final DoubleVector c8 = DoubleVector.broadcast(SPECIES, c[8]);
        final DoubleVector c9 = DoubleVector.broadcast(SPECIES, c[9]);
        final DoubleVector c10 = DoubleVector.broadcast(SPECIES, c[10]);
        final DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        final DoubleVector log2e = DoubleVector.broadcast(SPECIES, LOG2E);
        final DoubleVector round = DoubleVector.broadcast(SPECIES, SHIFT);
        final DoubleVector ln2Hi = DoubleVector.broadcast(SPECIES, NEG_LN2_HI);
        final DoubleVector ln2Lo = DoubleVector.broadcast(SPECIES, NEG_LN2_LO);
        final DoubleVector cutoff = DoubleVector.broadcast(SPECIES, EXP_CUTOFF);
        final DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int i = 0; i < n; i += P) {
            DoubleVector t = DoubleVector.fromArray(SPECIES, a, from + i).sub(DoubleVector.fromArray(SPECIES, shift, i));
            DoubleVector z = t.fma(log2e, round);
            DoubleVector m = z.sub(round);
            DoubleVector r = m.fma(ln2Hi, t);
            r = m.fma(ln2Lo, r);
            DoubleVector p = c0.fma(r, c1);
            p = p.fma(r, c2);
            p = p.fma(r, c3);
            p = p.fma(r, c4);
            p = p.fma(r, c5);
            p = p.fma(r, c6);
            p = p.fma(r, c7);
            p = p.fma(r, c8);
            p = p.fma(r, c9);
            p = p.fma(r, c10);
            p = p.fma(r, one);
            DoubleVector scale = z.reinterpretAsLongs().add(1023 - SHIFT_BITS).lanewise(VectorOperators.LSHL, 52)
                    .reinterpretAsDoubles();
            p.mul(scale).blend(zero, t.compare(VectorOperators.LT, cutoff)).intoArray(a, from + i);
        }
    }

    /**
     * {@link EStepKernel#log} of a[0..n) into out[0..n) (every value at least 1; out may be a), n a
     * multiple of the vector length; the coefficients in locals, as in
     * {@link #exp(double[], int, int, double[])}.
     */
    static void log(double[] a, double[] out, int n) {
        final double[] c = LOG_POLY;
        final DoubleVector c0 = DoubleVector.broadcast(SPECIES, c[0]);
        final DoubleVector c1 = DoubleVector.broadcast(SPECIES, c[1]);
        final DoubleVector c2 = DoubleVector.broadcast(SPECIES, c[2]);
        final DoubleVector c3 = DoubleVector.broadcast(SPECIES, c[3]);
        final DoubleVector c4 = DoubleVector.broadcast(SPECIES, c[4]);
        final DoubleVector c5 = DoubleVector.broadcast(SPECIES, c[5]);
        final DoubleVector c6 = DoubleVector.broadcast(SPECIES, c[6]);
        final DoubleVector c7 = DoubleVector.broadcast(SPECIES, c[7]);
        final DoubleVector c8 = DoubleVector.broadcast(SPECIES, c[8]);
        final DoubleVector c9 = DoubleVector.broadcast(SPECIES, c[9]);
        final DoubleVector c10 = DoubleVector.broadcast(SPECIES, c[10]);
        final DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        final DoubleVector two = DoubleVector.broadcast(SPECIES, 2.0);
        final DoubleVector half = DoubleVector.broadcast(SPECIES, 0.5);
        final DoubleVector sqrt2 = DoubleVector.broadcast(SPECIES, SQRT2);
        final DoubleVector two52 = DoubleVector.broadcast(SPECIES, 0x1p52);
        final DoubleVector bias = DoubleVector.broadcast(SPECIES, 1023.0);
        final DoubleVector ln2Hi = DoubleVector.broadcast(SPECIES, LN2_HI);
        final DoubleVector ln2Lo = DoubleVector.broadcast(SPECIES, LN2_LO);
        for (int i = 0; i < n; i += P) {
            var bits = DoubleVector.fromArray(SPECIES, a, i).reinterpretAsLongs();
            DoubleVector mant = bits.and(MANTISSA_BITS).or(ONE_BITS).reinterpretAsDoubles();
            DoubleVector e = bits.lanewise(VectorOperators.LSHR, 52).or(TWO52_BITS).reinterpretAsDoubles()
                    .sub(two52).sub(bias);
            VectorMask<Double> big = mant.compare(VectorOperators.GT, sqrt2);
            mant = mant.blend(mant.mul(half), big);
            e = e.blend(e.add(one), big);
            DoubleVector f = mant.sub(one);
            DoubleVector sv = f.div(f.add(two));
            DoubleVector z2 = sv.mul(sv);
            DoubleVector q = c0.fma(z2, c1);
            q = q.fma(z2, c2);
            q = q.fma(z2, c3);
            q = q.fma(z2, c4);
            q = q.fma(z2, c5);
            q = q.fma(z2, c6);
            q = q.fma(z2, c7);
            q = q.fma(z2, c8);
            q = q.fma(z2, c9);
            q = q.fma(z2, c10);
            DoubleVector twoS = sv.add(sv);
            DoubleVector logm = twoS.mul(z2).fma(q, twoS);
            e.fma(ln2Hi, e.fma(ln2Lo, logm)).intoArray(out, i);
        }
    }
}
