package org.gmmseg.core.io;

import java.io.Serializable;

import org.gmmseg.core.FitResult;

/**
 * The {@code fit} block of a model file: how the model was obtained.
 *
 * @param logLikelihood final mean log-likelihood per sample of the model
 * @param lowerBound scikit-learn's lower_bound_ (mean log-likelihood at the last E-step)
 * @param iterations EM iterations run
 * @param converged whether |change| fell below tol
 * @param nSamples effective number of samples (sum of weights)
 * @param bic Bayesian information criterion on the fitted data
 * @param aic Akaike information criterion on the fitted data
 * @param seed the seed of the fit
 */
public record FitSummary(double logLikelihood, double lowerBound, int iterations, boolean converged, double nSamples,
        double bic, double aic, long seed) implements Serializable {

    public static FitSummary of(FitResult result, long seed) {
        return new FitSummary(result.logLikelihood(), result.lowerBound(), result.iterations(), result.converged(),
                result.nSamples(), result.bic(), result.aic(), seed);
    }
}
