package org.gmmseg.core.io;

import java.io.Serializable;

import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.RegularizationScale;
import org.gmmseg.core.select.SelectionResult;

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
 * @param regCovar the regCovar of the fit (of the last attempt when a model selection raised it),
 *     in the unit of {@code regScale}; NaN when not recorded (files of gmmseg before 0.2)
 * @param regScale the unit of regCovar per feature; null when not recorded
 */
public record FitSummary(double logLikelihood, double lowerBound, int iterations, boolean converged, double nSamples,
        double bic, double aic, long seed, double regCovar, RegularizationScale regScale) implements Serializable {

    /** A summary without a record of the regularisation (as older files have). */
    public FitSummary(double logLikelihood, double lowerBound, int iterations, boolean converged, double nSamples,
            double bic, double aic, long seed) {
        this(logLikelihood, lowerBound, iterations, converged, nSamples, bic, aic, seed, Double.NaN, null);
    }

    /** The summary of a fit run with these options. */
    public static FitSummary of(FitResult result, FitOptions options) {
        return of(result, options.seed(), options.regCovar(), options.regScale());
    }

    /** The summary of a fit with this seed and regularisation (e.g. a selection's raised regCovar). */
    public static FitSummary of(FitResult result, long seed, double regCovar, RegularizationScale regScale) {
        return new FitSummary(result.logLikelihood(), result.lowerBound(), result.iterations(), result.converged(),
                result.nSamples(), result.bic(), result.aic(), seed, regCovar, regScale);
    }

    /**
     * The summary of the chosen candidate of a model selection run with these fit options: its
     * regCovar is the candidate's (raised after a collapse).
     */
    public static FitSummary of(SelectionResult selection, FitOptions fit) {
        return of(selection.fitResult(), fit.seed(), selection.chosen().regCovar(), fit.regScale());
    }

    /** Whether the file recorded the regularisation. */
    public boolean regularizationRecorded() {
        return regScale != null;
    }
}
