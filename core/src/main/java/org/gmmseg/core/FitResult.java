package org.gmmseg.core;

import java.util.List;

/**
 * The outcome of an EM fit. Not converging within {@code maxIter} is reported by
 * {@link #converged()} and a warning, never by an exception, so the model is never lost.
 */
public final class FitResult {
    private final GaussianMixture model;
    private final boolean converged;
    private final int iterations;
    private final double[] lowerBoundTrace;
    private final double logLikelihood;
    private final int bestRestart;
    private final double[] restartLowerBounds;
    private final double nSamples;
    private final List<String> warnings;

    public FitResult(GaussianMixture model, boolean converged, int iterations, double[] lowerBoundTrace,
            double logLikelihood, int bestRestart, double[] restartLowerBounds, double nSamples, List<String> warnings) {
        this.model = model;
        this.converged = converged;
        this.iterations = iterations;
        this.lowerBoundTrace = lowerBoundTrace.clone();
        this.logLikelihood = logLikelihood;
        this.bestRestart = bestRestart;
        this.restartLowerBounds = restartLowerBounds.clone();
        this.nSamples = nSamples;
        this.warnings = List.copyOf(warnings);
    }

    /** The fitted mixture of the winning restart. */
    public GaussianMixture model() {
        return model;
    }

    /** True when the change of the mean log-likelihood fell below {@code tol} before {@code maxIter}. */
    public boolean converged() {
        return converged;
    }

    /** EM iterations run by the winning restart. */
    public int iterations() {
        return iterations;
    }

    /**
     * Mean log-likelihood per sample at each iteration of the winning restart, evaluated in that
     * iteration's E-step (the model before its M-step), as scikit-learn's lower bound.
     */
    public double[] lowerBoundTrace() {
        return lowerBoundTrace.clone();
    }

    /** The last entry of the trace: scikit-learn's {@code lower_bound_}. */
    public double lowerBound() {
        return lowerBoundTrace[lowerBoundTrace.length - 1];
    }

    /** Mean log-likelihood per sample of the returned model (eq. 6 divided by N): sklearn's {@code score(X)}. */
    public double logLikelihood() {
        return logLikelihood;
    }

    /** Zero-based index of the restart that won. */
    public int bestRestart() {
        return bestRestart;
    }

    /** Final lower bound of every restart, in order. */
    public double[] restartLowerBounds() {
        return restartLowerBounds.clone();
    }

    /** Effective number of samples (the sum of the sample weights). */
    public double nSamples() {
        return nSamples;
    }

    /** Bayesian information criterion of the returned model on the fitted data (lower is better). */
    public double bic() {
        return -2 * logLikelihood * nSamples + model.parameterCount() * Math.log(nSamples);
    }

    /** Akaike information criterion of the returned model on the fitted data (lower is better). */
    public double aic() {
        return -2 * logLikelihood * nSamples + 2 * model.parameterCount();
    }

    /** Human-readable warnings, e.g. non-convergence. */
    public List<String> warnings() {
        return warnings;
    }
}
