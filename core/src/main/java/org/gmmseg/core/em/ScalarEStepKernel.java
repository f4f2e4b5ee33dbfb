package org.gmmseg.core.em;

/**
 * The E-step kernel one lane at a time, in plain Java: the reference for
 * {@code VectorEStepKernel}, which must give the same bits, and the kernel where the Vector API
 * module is not loaded (e.g. inside Fiji). Each statement is the lane-wise twin of a vector
 * statement there; keep the two in step.
 */
final class ScalarEStepKernel extends EStepKernel {
    ScalarEStepKernel(int k, int d, boolean triangular) {
        super(k, d, triangular);
    }

    @Override
    void logProbabilities(double[] x, int xOffset, int blocks, KernelModel model) {
        final int lanes = LANES;
        for (int b = 0; b < blocks; b++) {
            int xb = xOffset + b * d * lanes;
            for (int l = 0; l < lanes; l++) {
                // -inf and 0 start the max and the squares exactly as their first term would
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double lp = Math.fma(squaredDistance(x, xb + l, b, c, l, model), -0.5, model.constants[c]);
                    logProb[(b * k + c) * lanes + l] = lp;
                    max = Math.max(max, lp);
                }
                maxBuf[b * lanes + l] = max;
            }
        }
    }

    @Override
    void exponentiate(int blocks) {
        final int lanes = LANES;
        for (int b = 0; b < blocks; b++) {
            for (int l = 0; l < lanes; l++) {
                double max = maxBuf[b * lanes + l];
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    int i = (b * k + c) * lanes + l;
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
        for (int b = 0; b < blocks; b++) {
            for (int l = 0; l < lanes; l++) {
                double scale = scaleBuf[b * lanes + l];
                for (int c = 0; c < k; c++) {
                    double r = logProb[(b * k + c) * lanes + l] * scale;
                    if (r == 0) {
                        continue; // adds exactly nothing
                    }
                    accNk[c * lanes + l] += r;
                    int dc = (b * k + c) * d * lanes + l;
                    int s1 = c * d * lanes + l;
                    for (int j = 0; j < d; j++) {
                        double rd = r * diff[dc + j * lanes];
                        weightedDiff[j * lanes + l] = rd;
                        accS1[s1 + j * lanes] += rd;
                    }
                    int so = c * m * lanes + l;
                    if (triangular) {
                        int p = 0;
                        for (int i = 0; i < d; i++) {
                            double rd = weightedDiff[i * lanes + l];
                            for (int j = i; j < d; j++, p++) {
                                accS2[so + p * lanes] = Math.fma(rd, diff[dc + j * lanes], accS2[so + p * lanes]);
                            }
                        }
                    } else {
                        for (int j = 0; j < d; j++) {
                            accS2[so + j * lanes] = Math.fma(weightedDiff[j * lanes + l], diff[dc + j * lanes],
                                    accS2[so + j * lanes]);
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

    /** |A_c (x - mu_c)|^2 for lane l of block b of the tile; stores x - mu_c into {@link #diff}. */
    private double squaredDistance(double[] x, int xl, int b, int c, int l, KernelModel model) {
        final int lanes = LANES;
        int dc = (b * k + c) * d * lanes + l;
        for (int j = 0; j < d; j++) {
            diff[dc + j * lanes] = x[xl + j * lanes] - model.means[c * d + j];
        }
        double[] a = model.factor;
        int p = c * model.factorLength;
        double sq = 0;
        if (triangular) {
            for (int r = 0; r < d; r++) {
                double y = diff[dc] * a[p++];
                for (int i = 1; i <= r; i++) {
                    y = Math.fma(diff[dc + i * lanes], a[p++], y);
                }
                sq = Math.fma(y, y, sq);
            }
        } else {
            for (int j = 0; j < d; j++) {
                double y = diff[dc + j * lanes] * a[p + j];
                sq = Math.fma(y, y, sq);
            }
        }
        return sq;
    }
}
