package org.gmmseg.core;

import java.util.concurrent.CancellationException;

/**
 * Watches an EM fit and can stop it: progress per EM iteration and per model-selection candidate,
 * and a cancellation check. Given to a fit through {@link FitOptions#withMonitor}; it only observes,
 * so a fit with a monitor gives bit for bit the model it gives without one.
 *
 * <p>The fitter polls {@link #cancelled()} before every EM iteration, before every k-means
 * iteration and k-means++ centre of the initialisation, and before every model-selection candidate;
 * when it returns true the fit stops with a {@link CancellationException} (no result, nothing
 * half-done is returned). For example, a Fiji command's Cancel button:
 *
 * <pre>{@code
 * AtomicBoolean stop = new AtomicBoolean();
 * FitMonitor monitor = new FitMonitor() {
 *     public boolean cancelled() { return stop.get(); }
 *     public void iteration(FitMonitor.Iteration it) { IJ.showStatus("EM iteration " + it.iteration()); }
 * };
 * FitResult r = EmFitter.fit(samples, FitOptions.of(3).withMonitor(monitor)); // throws CancellationException
 * }</pre>
 *
 * <p>Methods are called on the fitting threads. A model selection fits several candidates at once,
 * so an implementation used there must be thread-safe; each call should return quickly.
 */
public interface FitMonitor {
    /** A monitor that watches nothing and never cancels; serialisable, and one instance in every JVM. */
    FitMonitor NONE = Inert.NONE;

    /** Whether the fit should stop; see the class javadoc for when it is polled. */
    default boolean cancelled() {
        return false;
    }

    /** Called after the E-step of each EM iteration, with the mean log-likelihood it computed. */
    default void iteration(Iteration progress) {
    }

    /**
     * Called when a candidate of a model selection is settled: fitted, failed or skipped.
     *
     * @param settled how many candidates are settled so far, this one included
     * @param total the number of candidates
     * @param components the candidate's K
     * @param covarianceType the candidate's covariance type
     * @param fitted whether it was fitted (false: skipped or failed)
     */
    default void candidate(int settled, int total, int components, CovarianceType covarianceType, boolean fitted) {
    }

    /**
     * Throws when {@link #cancelled()} says so; what fitters call at their checkpoints.
     *
     * @throws CancellationException when the fit is to stop
     */
    default void throwIfCancelled() {
        if (cancelled()) {
            throw new CancellationException("the fit was cancelled");
        }
    }

    /**
     * One EM iteration done.
     *
     * @param components K of the fit (with model selection: of the candidate)
     * @param covarianceType its covariance type
     * @param restart the restart, from 1
     * @param restarts the number of restarts
     * @param iteration the iteration of this restart, from 1
     * @param maxIter the iteration limit
     * @param meanLogLikelihood the mean log-likelihood per sample of the model this iteration
     *     started from (eq. 16 of docs/em-derivation.md over the total weight)
     * @param change its change since the previous iteration (infinite at the first); the fit
     *     converges when it is below {@code tol}
     */
    record Iteration(int components, CovarianceType covarianceType, int restart, int restarts, int iteration,
            int maxIter, double meanLogLikelihood, double change) {
    }

    /** The implementation of {@link #NONE}: an enum, so that it stays a singleton through serialisation. */
    enum Inert implements FitMonitor {
        NONE
    }
}
