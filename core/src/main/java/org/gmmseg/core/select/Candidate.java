package org.gmmseg.core.select;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;

/**
 * One cell of the model-selection grid: a number of components and a covariance type, and what
 * became of it. The criteria are on scikit-learn's sign convention (lower is better); for a
 * candidate that was not fitted they, the log-likelihood and the entropy are NaN.
 *
 * @param index zero-based position in the grid (K outer, covariance type inner)
 * @param components the number of components K
 * @param covarianceType the covariance type
 * @param status whether the candidate was fitted, failed or skipped
 * @param fitResult the fit, or null unless {@code status} is {@link Status#OK}
 * @param logLikelihood mean log-likelihood per unit weight of the fitted model, as
 *     {@link FitResult#logLikelihood()}
 * @param bic BIC = -2 L + p ln N (eq. 21), equal to {@link FitResult#bic()}
 * @param aic AIC = -2 L + 2 p (eq. 21), equal to {@link FitResult#aic()}
 * @param icl ICL = BIC + 2 EN (eq. 23)
 * @param entropy EN = -sum_n w_n sum_k gamma_nk ln gamma_nk (eq. 22), see {@link Criteria#entropy}
 * @param regCovar the regCovar of the last fit attempted: of the returned fit when OK, of the last
 *     failure when FAILED, the base value when SKIPPED
 * @param retries how many times the fit was repeated with a larger regCovar after a degenerate fit
 * @param note a one-line explanation for the user (why it was skipped or failed, a raised regCovar,
 *     non-convergence); empty when there is nothing to say
 */
public record Candidate(int index, int components, CovarianceType covarianceType, Status status,
        FitResult fitResult, double logLikelihood, double bic, double aic, double icl, double entropy,
        double regCovar, int retries, String note) {

    /** What became of a candidate. */
    public enum Status {
        /** Fitted; the model and the criteria are available. */
        OK,
        /** Every fit attempt was degenerate, also after the regCovar retries. */
        FAILED,
        /** Not attempted: K exceeds the number of distinct samples. */
        SKIPPED
    }

    public Candidate {
        if (covarianceType == null || status == null || note == null) {
            throw new GmmException("covariance type, status and note must be given");
        }
        if ((status == Status.OK) != (fitResult != null)) {
            throw new GmmException("a candidate has a fit result exactly when its status is OK");
        }
    }

    /** The fitted model, or null unless {@link #status()} is {@link Status#OK}. */
    public GaussianMixture model() {
        return fitResult == null ? null : fitResult.model();
    }

    /** True when the candidate was fitted. */
    public boolean ok() {
        return status == Status.OK;
    }

    /** The value of a criterion (lower is better); NaN unless OK. */
    public double value(Criterion criterion) {
        return switch (criterion) {
            case BIC -> bic;
            case ICL -> icl;
            case AIC -> aic;
        };
    }

    /** "K=3 full", as used in notes. */
    public String label() {
        return "K=" + components + " " + covarianceType;
    }
}
