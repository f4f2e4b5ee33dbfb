package org.gmmseg.core.em;

import org.gmmseg.core.Samples;

/**
 * The samples rearranged for the E-step kernels: blocks of {@link EStepKernel#LANES} samples, each
 * block holding feature 0 of its samples, then feature 1, and so on (structure of arrays within a
 * block), so a kernel loads one feature of several samples with one vector load. The last block is
 * padded with copies of the first sample at weight 0, which add exactly nothing to any sum.
 *
 * <p>Costs one copy of the data plus one weight per sample. Immutable after construction.
 */
final class PackedSamples {
    private static final int LANES = EStepKernel.LANES;

    final int n;
    final int d;
    final int blocks;
    /** Block b, feature j, lane l at {@code (b * d + j) * LANES + l}. */
    final double[] values;
    /** Weight of sample b * LANES + l; 0 for the padding. */
    final double[] weights;

    PackedSamples(Samples samples) {
        this.n = samples.size();
        this.d = samples.dimension();
        this.blocks = (n + LANES - 1) / LANES;
        this.values = new double[blocks * d * LANES];
        this.weights = new double[blocks * LANES];
        double[] x = samples.values();
        for (int i = 0; i < blocks * LANES; i++) {
            int src = i < n ? i : 0;
            int base = (i / LANES) * d * LANES + i % LANES;
            for (int j = 0; j < d; j++) {
                values[base + j * LANES] = x[src * d + j];
            }
            weights[i] = i < n ? samples.weight(i) : 0;
        }
    }
}
