package org.gmmseg.core.em;

/**
 * The E-step kernel one lane at a time, in plain Java: the reference for
 * {@code VectorEStepKernel}, which must give the same bits, and the kernel where the Vector API
 * module is not loaded (e.g. inside Fiji). Each lane takes the operations a vector lane takes
 * there, in the same order; keep the two in step.
 */
final class ScalarEStepKernel extends EStepKernel {
    /** x - mu_k and r (x - mu_k) of one sample. */
    private final double[] diff;
    private final double[] weightedDiff;
    /** Second moments per component: D(D+1)/2 or D. */
    private final int m;

    ScalarEStepKernel(int k, int d, boolean triangular) {
        super(k, d, triangular, packedMoments(d, triangular));
        this.m = packedMoments(d, triangular);
        this.diff = new double[d];
        this.weightedDiff = new double[d];
    }

    @Override
    void logProbabilities(double[] x, int xOffset, int blocks, KernelModel model) {
        final int lanes = LANES;
        for (int b = 0; b < blocks; b++) {
            int xb = xOffset + b * d * lanes;
            for (int l = 0; l < lanes; l++) {
                for (int c = 0; c < k; c++) {
                    logProb[c * TILE_SAMPLES + b * lanes + l] = Math.fma(squaredDistance(x, xb + l, c, model), -0.5,
                            model.constants[c]);
                }
            }
        }
    }

    @Override
    void exponentiate(int blocks) {
        final int lanes = LANES;
        for (int b = 0; b < blocks; b++) {
            for (int l = 0; l < lanes; l++) {
                // -inf starts the max exactly as its first term would
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    max = Math.max(max, logProb[c * TILE_SAMPLES + b * lanes + l]);
                }
                maxBuf[b * lanes + l] = max;
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    int i = c * TILE_SAMPLES + b * lanes + l;
                    double e = exp(logProb[i] - max);
                    logProb[i] = e;
                    sum += e;
                }
                sumBuf[b * lanes + l] = sum;
            }
        }
    }

    @Override
    void likelihood(double[] w, int wOffset, int blocks) {
        for (int b = 0; b < blocks; b++) {
            for (int l = 0; l < LANES; l++) {
                int i = b * LANES + l;
                double weight = w[wOffset + i];
                accLogLikelihood[l] = Math.fma(maxBuf[i] + log(sumBuf[i]), weight, accLogLikelihood[l]);
                accWeight[l] += weight;
                scaleBuf[i] = weight / sumBuf[i];
            }
        }
    }

    @Override
    void moments(double[] x, int xOffset, int blocks, KernelModel model) {
        final int lanes = LANES;
        final double[] means = model.means;
        for (int b = 0; b < blocks; b++) {
            int xb = xOffset + b * d * lanes;
            for (int l = 0; l < lanes; l++) {
                double scale = scaleBuf[b * lanes + l];
                for (int c = 0; c < k; c++) {
                    double r = logProb[c * TILE_SAMPLES + b * lanes + l] * scale;
                    if (r == 0) {
                        continue; // adds exactly nothing
                    }
                    accNk[c * lanes + l] += r;
                    int s1 = c * d * lanes + l;
                    for (int j = 0; j < d; j++) {
                        double v = x[xb + j * lanes + l] - means[c * d + j];
                        double rd = r * v;
                        diff[j] = v;
                        weightedDiff[j] = rd;
                        accS1[s1 + j * lanes] += rd;
                    }
                    int so = c * m * lanes + l;
                    if (triangular) {
                        int p = 0;
                        for (int i = 0; i < d; i++) {
                            double rd = weightedDiff[i];
                            for (int j = i; j < d; j++, p++) {
                                accS2[so + p * lanes] = Math.fma(rd, diff[j], accS2[so + p * lanes]);
                            }
                        }
                    } else {
                        for (int j = 0; j < d; j++) {
                            accS2[so + j * lanes] = Math.fma(weightedDiff[j], diff[j], accS2[so + j * lanes]);
                        }
                    }
                }
            }
        }
    }

    @Override
    void nearest(double[] x, int xOffset, double[] centers, int[] nearest) {
        final int lanes = LANES;
        for (int l = 0; l < lanes; l++) {
            int best = 0;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double distance = 0;
                for (int j = 0; j < d; j++) {
                    double v = x[xOffset + j * lanes + l] - centers[c * d + j];
                    distance = Math.fma(v, v, distance);
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = c;
                }
            }
            nearest[l] = best;
        }
    }

    /** |A_c (x - mu_c)|^2 of the sample whose feature j is at x[xl + j * LANES]. */
    private double squaredDistance(double[] x, int xl, int c, KernelModel model) {
        for (int j = 0; j < d; j++) {
            diff[j] = x[xl + j * LANES] - model.means[c * d + j];
        }
        double[] a = model.factor;
        int p = c * model.factorLength;
        double sq = 0;
        if (triangular) {
            for (int r = 0; r < d; r++) {
                double y = diff[0] * a[p++];
                for (int i = 1; i <= r; i++) {
                    y = Math.fma(diff[i], a[p++], y);
                }
                sq = Math.fma(y, y, sq);
            }
        } else {
            for (int j = 0; j < d; j++) {
                double y = diff[j] * a[p + j];
                sq = Math.fma(y, y, sq);
            }
        }
        return sq;
    }
}
