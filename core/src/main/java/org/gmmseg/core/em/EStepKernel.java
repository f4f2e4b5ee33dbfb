package org.gmmseg.core.em;

import java.util.Arrays;

/**
 * The fused E-step: for a run of {@link PackedSamples} blocks it computes every sample's
 * log-probabilities ln pi_k N(x_n | mu_k, Sigma_k), their log-sum-exp ln p(x_n) (eq. 6) and the
 * responsibilities r_nk (eq. 5), and folds them straight into {@link SufficientStatistics}: N_k,
 * sum_n r_nk (x_n - mu_k) and the second moments about mu_k (upper triangle for full and tied,
 * diagonal for diag and spherical). No responsibility is stored beyond the block being worked on.
 *
 * <p><b>Lanes.</b> The sums are kept in {@value #LANES} lanes: sample n adds to lane n mod
 * {@value #LANES}, each lane adds its samples in order, and the lanes are summed in lane order at
 * the end of a run. Every operation on a lane is one IEEE operation (fused multiply-adds where the
 * code says {@code fma}, and {@link #exp}/{@link #log} built from them), so the scalar kernel and
 * the SIMD kernel ({@code VectorEStepKernel}, any vector width that divides {@value #LANES}) give
 * bit-identical results, and so do all machines that run either.
 *
 * <p>Instances hold the per-worker buffers of one model size; not thread-safe.
 */
abstract class EStepKernel {
    /** Logical lanes: samples per block and partial sums per statistic. */
    static final int LANES = 8;

    /** Set {@code -Dgmmseg.simd=false} to use the scalar kernel even where the Vector API is available. */
    static final String SIMD_PROPERTY = "gmmseg.simd";

    /** Most blocks worked on together: enough independent work to hide the latency of exp and log. */
    static final int MAX_TILE = 16;

    /**
     * Samples per component in {@link #logProb}: a full tile's, whatever the tile. A constant
     * stride between components (and between features in the SIMD kernel's buffers) lets the JIT
     * drop the bounds checks of loops over blocks, which it keeps where the stride is K or D times
     * the lanes (it removes them only for a constant multiple of the loop's counter).
     */
    static final int TILE_SAMPLES = MAX_TILE * LANES;

    /**
     * A new kernel's first tiles are single blocks. The JIT compiles the kernel's methods once they
     * have been called often enough, and until then they run the Vector API's Java fallback, tens
     * of times slower; one-block calls reach that count sixteen times sooner for the same work.
     * Each lane still adds its samples in order, so tiling changes no result. Measured: the first
     * EM iteration on 1e6 samples (D=3, K=8) went from 0.84 to 0.46 s (medians of 5 runs).
     */
    static final int WARM_UP_TILES = 1000;

    /** Tiles of one block still to come; tests set it to 0 to check that tiling changes no bit. */
    int warmUpTiles = WARM_UP_TILES;
    final int k;
    final int d;
    final boolean triangular;
    /** Blocks per tile, fewer when K and D are large, so the tile's buffers stay in cache. */
    final int tile;
    /**
     * ln pi_k N(...) of the tile's samples, then exp(. - max): component c, sample s = b * LANES +
     * lane of the tile at [c * TILE_SAMPLES + s].
     */
    final double[] logProb;
    final double[] accNk;
    final double[] accS1;
    /** Lane sums of the second moments, laid out as {@link #s2Offset} says. */
    final double[] accS2;
    final double[] accLogLikelihood = new double[LANES];
    final double[] accWeight = new double[LANES];
    /** Per block and lane: the largest log-probability, the sum of exp(lp - max), and w / sum: [b * LANES + lane]. */
    final double[] maxBuf;
    final double[] sumBuf;
    final double[] scaleBuf;
    /** Per sample of the tile: its label, from {@link #labels}. */
    final double[] labelBuf = new double[TILE_SAMPLES];

    /**
     * @param s2PerComponent lane-sum slots of the second moments per component (at least what
     *     {@link #s2Offset} addresses)
     */
    EStepKernel(int k, int d, boolean triangular, int s2PerComponent) {
        this.k = k;
        this.d = d;
        this.triangular = triangular;
        this.tile = Math.max(1, Math.min(MAX_TILE, 16384 / ((k + 3 * d) * LANES)));
        this.logProb = new double[k * TILE_SAMPLES];
        this.accNk = new double[k * LANES];
        this.accS1 = new double[k * d * LANES];
        this.accS2 = new double[k * s2PerComponent * LANES];
        this.maxBuf = new double[tile * LANES];
        this.sumBuf = new double[tile * LANES];
        this.scaleBuf = new double[tile * LANES];
    }

    /** Second-moment slots per component in the packed layout of the default {@link #s2Offset}. */
    static int packedMoments(int d, boolean triangular) {
        return triangular ? d * (d + 1) / 2 : d;
    }

    /**
     * Where the lane sums of S2[i][j] (i &lt;= j; i = j for diagonal moments) of component c start
     * in {@link #accS2}. This default packs each component's upper triangle row by row, or its
     * diagonal.
     */
    int s2Offset(int c, int i, int j) {
        if (!triangular) {
            return (c * d + j) * LANES;
        }
        return (c * packedMoments(d, true) + i * d - i * (i - 1) / 2 + (j - i)) * LANES;
    }

    /** The fastest kernel this JVM runs: SIMD with the Vector API module present, else scalar. */
    static EStepKernel create(int k, int d, boolean triangular) {
        if (VectorSupport.available()) {
            return VectorSupport.kernel(k, d, triangular);
        }
        return new ScalarEStepKernel(k, d, triangular);
    }

    /**
     * The kernels of one fit's workers. Where a start-up warm-up is compiling the kernel
     * ({@link KernelWarmUp#start}), waits for it first, so that the fit does not run the Vector
     * API's Java fallback on the cores the compiler needs; the wait is bounded by the fit's size.
     *
     * @param blocks the fit's blocks of {@value #LANES} samples
     * @param nearestCentres whether the fit starts from centres (k-means' nearest-centre search),
     *     not from a given model
     */
    static EStepKernel[] forFit(int workers, int k, int d, boolean triangular, int blocks, boolean nearestCentres) {
        KernelWarmUp.awaitCompiled(blocks, nearestCentres);
        EStepKernel[] kernels = new EStepKernel[workers];
        for (int w = 0; w < workers; w++) {
            kernels[w] = create(k, d, triangular);
        }
        return kernels;
    }

    /**
     * The statistics of one chunk, samples [from, to) of {@code data} with {@code from} a multiple of
     * {@value #LANES}, into {@code out} (reset first): what {@link EmFitter} computes per chunk of a
     * pass, and what a distributed pass computes per partition. Summed in chunk order
     * ({@link SufficientStatistics#merge}), the chunks give the same bits on any number of workers.
     *
     * @param moments false to add only the log-likelihood and the weight
     */
    final void chunkStatistics(PackedSamples data, int from, int to, KernelModel model, boolean moments,
            SufficientStatistics out) {
        out.reset();
        accumulate(data, from / LANES, (to + LANES - 1) / LANES, model, moments, out);
    }

    /**
     * Adds the samples of blocks [fromBlock, toBlock) to {@code out} (which the caller has reset).
     *
     * @param moments false to add only the log-likelihood and the weight
     */
    final void accumulate(PackedSamples data, int fromBlock, int toBlock, KernelModel model, boolean moments,
            SufficientStatistics out) {
        resetSums(moments);
        for (int b = fromBlock; b < toBlock; ) {
            int size = tile;
            if (warmUpTiles > 0) {
                warmUpTiles--;
                size = 1;
            }
            int blocks = Math.min(size, toBlock - b);
            int xOffset = b * d * LANES;
            logProbabilities(data.values, xOffset, blocks, model);
            exponentiate(blocks);
            likelihood(data.weights, b * LANES, blocks);
            if (moments) {
                moments(data.values, xOffset, blocks, model);
            }
            b += blocks;
        }
        foldSums(moments, out);
    }

    /** Clears the lane sums before a run of tiles. */
    final void resetSums(boolean moments) {
        Arrays.fill(accLogLikelihood, 0);
        Arrays.fill(accWeight, 0);
        if (moments) {
            Arrays.fill(accNk, 0);
            Arrays.fill(accS1, 0);
            Arrays.fill(accS2, 0);
        }
    }

    /** Adds the lane sums of a run of tiles, in lane order, to {@code out}. */
    final void foldSums(boolean moments, SufficientStatistics out) {
        out.logLikelihood += laneSum(accLogLikelihood, 0);
        out.weight += laneSum(accWeight, 0);
        if (!moments) {
            return;
        }
        for (int c = 0; c < k; c++) {
            out.nk[c] += laneSum(accNk, c * LANES);
            for (int j = 0; j < d; j++) {
                out.s1[c * d + j] += laneSum(accS1, (c * d + j) * LANES);
            }
            if (triangular) {
                for (int i = 0; i < d; i++) {
                    for (int j = i; j < d; j++) {
                        out.s2[c * d * d + i * d + j] += laneSum(accS2, s2Offset(c, i, j));
                    }
                }
            } else {
                for (int j = 0; j < d; j++) {
                    out.s2[c * d + j] += laneSum(accS2, s2Offset(c, j, j));
                }
            }
        }
    }

    private static double laneSum(double[] a, int offset) {
        double s = a[offset];
        for (int l = 1; l < LANES; l++) {
            s += a[offset + l];
        }
        return s;
    }

    // The phases below work on a tile of consecutive blocks: feature j of lane l of block b at
    // x[xOffset + (b * D + j) * LANES + l], its weight at w[wOffset + b * LANES + l]. Each lane
    // still adds its samples in order, so tiling changes no result. They are separate methods so
    // that each stays small enough for the JIT to compile into straight vector code.

    /**
     * ln pi_k N(x | mu_k, Sigma_k) of each sample into {@link #logProb} (eq. 5's numerators in log
     * space, the terms of eq. 6), nothing else.
     */
    abstract void logProbabilities(double[] x, int xOffset, int blocks, KernelModel model);

    /**
     * The largest log-probability of each sample into {@link #maxBuf} (Math.max, component by
     * component), exp(lp - max) in place in {@link #logProb}, and their sum per sample into
     * {@link #sumBuf}.
     */
    abstract void exponentiate(int blocks);

    /** Adds w ln p(x) (eq. 6) and w to the lane sums; w / sum into {@link #scaleBuf}. */
    abstract void likelihood(double[] w, int wOffset, int blocks);

    /** Adds r_nk, r_nk (x - mu_k) and r_nk (x - mu_k)(x - mu_k)^T to the lane sums, r_nk = e_nk w / sum. */
    abstract void moments(double[] x, int xOffset, int blocks, KernelModel model);

    /**
     * The hard E-step of k-means: the index of the nearest of K centres (squared Euclidean
     * distance, the lowest index on ties) for each lane of the block, into {@code nearest[0..8)}.
     *
     * @param centers K*D, row-major
     */
    abstract void nearest(double[] x, int xOffset, double[] centers, int[] nearest);

    // ---------------------------------------------------------------- HMRF-EM's steps (HmrfFitter)
    // Tile samples [begin, end), begin a multiple of the vector length; the field f_nk at
    // field[c * TILE_SAMPLES + s]; sums per sample added to lanes[s mod LANES], as the kernel's own
    // sums. The SIMD kernel runs whole vectors and leaves the rest to these.

    /**
     * Adds BETA f_nk to the log-probabilities (the field of eq. 26) and sum_k gamma'_nk f_nk of each
     * sample to {@code lanes}, gamma'_nk = old[k][from + s].
     */
    void addField(int begin, int end, double beta, float[] field, float[][] old, int from, double[] lanes) {
        for (int s = begin; s < end; s++) {
            double p = 0;
            for (int c = 0; c < k; c++) {
                int i = c * TILE_SAMPLES + s;
                double f = field[i];
                logProb[i] = Math.fma(beta, f, logProb[i]);
                p = Math.fma(old[c][from + s], f, p);
            }
            lanes[s & (LANES - 1)] += p;
        }
    }

    /**
     * After {@link #likelihood}: r_nk = e_nk w_n / sum as floats into out[k][from + s], and
     * sum_k r_nk f_nk of each sample to {@code lanes}.
     */
    void storeResponsibilities(int begin, int end, float[][] out, int from, float[] field, double[] lanes) {
        for (int s = begin; s < end; s++) {
            double x = 0;
            for (int c = 0; c < k; c++) {
                int i = c * TILE_SAMPLES + s;
                double r = logProb[i] * scaleBuf[s];
                out[c][from + s] = (float) r;
                x = Math.fma(r, field[i], x);
            }
            lanes[s & (LANES - 1)] += x;
        }
    }

    /**
     * After {@link #likelihood}: each sample's label, the first k of its largest e_nk (the most
     * responsible component, the lowest index on ties), -1 where its weight is 0, into
     * {@link #labelBuf}.
     */
    void labels(int begin, int end) {
        for (int s = begin; s < end; s++) {
            double best = logProb[s];
            int label = 0;
            for (int c = 1; c < k; c++) {
                double v = logProb[c * TILE_SAMPLES + s];
                boolean higher = v > best;
                best = higher ? v : best;
                label = higher ? c : label;
            }
            labelBuf[s] = scaleBuf[s] == 0 ? -1 : label;
        }
    }

    // ---------------------------------------------------------------- exp and log, lane by lane

    static final double LOG2E = 1.4426950408889634;
    /** 1.5 * 2^52: adding it rounds to an integer held in the low mantissa bits. */
    static final double SHIFT = 0x1.8p52;
    static final long SHIFT_BITS = Double.doubleToRawLongBits(SHIFT);
    /** -ln 2 in two parts (fdlibm's split), for an exact argument reduction. */
    static final double NEG_LN2_HI = -6.93147180369123816490e-01;
    static final double NEG_LN2_LO = -1.90821492927058770002e-10;
    static final double LN2_HI = -NEG_LN2_HI;
    static final double LN2_LO = -NEG_LN2_LO;
    /** Below this, exp(t) &lt; 3e-308 relative to the largest term: taken as 0. */
    static final double EXP_CUTOFF = -708.0;
    /**
     * c11 down to c1 of p(r) = 1 + c1 r + ... + c11 r^11, the minimax polynomial for the relative
     * error of e^r on |r| &lt;= ln(2)/2 (1.8e-17; evaluated as below, within 1.1 ulp), from a Remez
     * exchange in 60-digit arithmetic: {@code bench/exp_minimax.py}. Two terms fewer than the Taylor
     * polynomial of the same accuracy (degree 13, within 0.7 ulp): one EM iteration on 1e6 samples,
     * D=3, K=8, one thread, 27.0 and 28.2 against 29.7 and 30.0 ms (JMH, runs interleaved).
     */
    static final double[] EXP_POLY = {
        2.298131153886901e-08, 2.7626296554355165e-07, 2.7564254929452986e-06, 2.480150451103675e-05,
        0.00019841261491392766, 0.0013888888932340796, 0.00833333333771546, 0.041666666666573635,
        0.166666666666573, 0.5000000000000006, 1.0000000000000007 };
    static final long MANTISSA_BITS = 0x000FFFFFFFFFFFFFL;
    static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
    static final long TWO52_BITS = Double.doubleToRawLongBits(0x1p52);
    static final double SQRT2 = 1.4142135623730951;
    /** 1/(2i+1), i = 11 down to 1, for 2 atanh(s) = 2s (1 + s^2/3 + s^4/5 + ...). */
    static final double[] LOG_POLY = {
        1.0 / 23, 1.0 / 21, 1.0 / 19, 1.0 / 17, 1.0 / 15, 1.0 / 13, 1.0 / 11, 1.0 / 9, 1.0 / 7, 1.0 / 5, 1.0 / 3 };

    /**
     * e^t for t &lt;= 0, within 2 ulp; 0 below {@link #EXP_CUTOFF}. Cody-Waite reduction
     * t = n ln 2 + r and a degree-11 polynomial, each step the one the SIMD kernel takes. Below the
     * cutoff the steps make garbage (n out of the exponent's range, NaN for -inf) that the last
     * line replaces; that costs one select instead of a clamp of t and a select.
     */
    static double exp(double t) {
        double z = Math.fma(t, LOG2E, SHIFT);
        double n = z - SHIFT;
        double r = Math.fma(n, NEG_LN2_HI, t);
        r = Math.fma(n, NEG_LN2_LO, r);
        double p = EXP_POLY[0];
        for (int i = 1; i < EXP_POLY.length; i++) {
            p = Math.fma(p, r, EXP_POLY[i]);
        }
        p = Math.fma(p, r, 1.0);
        double scale = Double.longBitsToDouble((Double.doubleToRawLongBits(z) + (1023 - SHIFT_BITS)) << 52);
        double e = p * scale;
        return t < EXP_CUTOFF ? 0 : e;
    }

    /**
     * ln s for s &gt;= 1 (a sum of exponentials whose largest is 1), within 2 ulp: s = 2^e m with
     * m in [sqrt(2)/2, sqrt(2)), ln m = 2 atanh((m - 1)/(m + 1)) by its series.
     */
    static double log(double s) {
        long bits = Double.doubleToRawLongBits(s);
        double mant = Double.longBitsToDouble((bits & MANTISSA_BITS) | ONE_BITS);
        double e = Double.longBitsToDouble((bits >>> 52) | TWO52_BITS) - 0x1p52 - 1023;
        boolean big = mant > SQRT2;
        mant = big ? mant * 0.5 : mant;
        e = big ? e + 1 : e;
        double f = mant - 1;
        double sv = f / (2 + f);
        double z2 = sv * sv;
        double q = LOG_POLY[0];
        for (int i = 1; i < LOG_POLY.length; i++) {
            q = Math.fma(q, z2, LOG_POLY[i]);
        }
        double twoS = sv + sv;
        double logm = Math.fma(twoS * z2, q, twoS);
        return Math.fma(e, LN2_HI, Math.fma(e, LN2_LO, logm));
    }
}
