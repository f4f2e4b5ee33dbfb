package org.gmmseg.core.em;

import org.gmmseg.core.GaussianMixture;

/**
 * The outcome of HMRF-EM ({@link HmrfFitter}): the model whose mean-field E-step gave the final
 * responsibilities, those responsibilities, and how the sweeps went.
 *
 * <p>The responsibilities are the large part: K float planes of a float per pixel, and a label
 * per pixel, held (not copied) by this result; do not modify them. Immutable otherwise.
 */
public final class HmrfResult {
    private final GaussianMixture model;
    private final float[][] responsibilities;
    private final short[] labels;
    private final double beta;
    private final boolean autoBeta;
    private final int sweeps;
    private final boolean converged;
    private final double[] objective;
    private final long[] changed;

    HmrfResult(GaussianMixture model, float[][] responsibilities, short[] labels, double beta, boolean autoBeta, int sweeps,
            boolean converged, double[] objective, long[] changed) {
        this.model = model;
        this.responsibilities = responsibilities;
        this.labels = labels;
        this.beta = beta;
        this.autoBeta = autoBeta;
        this.sweeps = sweeps;
        this.converged = converged;
        this.objective = objective.clone();
        this.changed = changed.clone();
    }

    /** The model of the last E-step: the starting model's weights pi_k, re-estimated means and covariances. */
    public GaussianMixture model() {
        return model;
    }

    /** BETA used: the one given, or the estimate. */
    public double beta() {
        return beta;
    }

    /** Whether BETA was estimated. */
    public boolean autoBeta() {
        return autoBeta;
    }

    /** Mean-field sweeps done (0 when BETA is 0: the starting model's responsibilities). */
    public int sweeps() {
        return sweeps;
    }

    /** Whether a tolerance stopped the sweeps before the limit. */
    public boolean converged() {
        return converged;
    }

    /**
     * The mean-field objective per pixel (docs/em-derivation.md, eq. 28) of the responsibilities of
     * sweeps 0, 1, ... under the model that made them; one sweep behind: the last sweep's is not computed.
     */
    public double[] objective() {
        return objective.clone();
    }

    /** Pixels whose label changed, per sweep. */
    public long[] labelChanges() {
        return changed.clone();
    }

    /** gamma_nk of component k: pixel n at [n]; 0 at excluded pixels. Held, not copied. */
    public float[] responsibilities(int component) {
        return responsibilities[component];
    }

    /** The most responsible component of pixel n (lowest index on ties); -1 at excluded pixels. */
    public int label(int pixel) {
        return labels[pixel];
    }
}
