package org.gmmseg.core.em;

import org.gmmseg.core.FitMonitor;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.GmmException;

/**
 * Options of HMRF-EM ({@link HmrfFitter}).
 *
 * @param beta the Potts interaction strength BETA, in [0, {@value #MAX_BETA}]; with {@code autoBeta}
 *     ignored
 * @param autoBeta estimate BETA by maximum pseudo-likelihood ({@link PottsBeta}) from the starting
 *     model's labels, and again from the labels of every sweep for the next one
 * @param maxSweeps most sweeps (each one mean-field E-step and one M-step), at least 1
 * @param tol stop when the mean-field objective per pixel changes by less than this (0: never on it)
 * @param labelTol stop when at most this fraction of the pixels changed label in a sweep (0: only
 *     when none did)
 * @param updateModel true to re-estimate means and covariances (eqs. 7, 8) after every sweep; false
 *     to keep the starting model (labelling with a given model)
 * @param regCovar added to the covariance diagonals in the M-step, as in the plain fit
 * @param threads worker threads; results do not depend on it
 * @param monitor told of each sweep (as an iteration) and asked before each whether to stop
 */
public record HmrfOptions(double beta, boolean autoBeta, int maxSweeps, double tol, double labelTol,
        boolean updateModel, double regCovar, int threads, FitMonitor monitor) {

    /** The largest BETA accepted. */
    public static final double MAX_BETA = 10;
    /** Where {@link PottsBeta}'s estimate is clamped. */
    public static final double MAX_AUTO_BETA = 3;
    public static final int DEFAULT_MAX_SWEEPS = 30;
    public static final double DEFAULT_LABEL_TOL = 1e-3;

    public HmrfOptions {
        if (!(beta >= 0 && beta <= MAX_BETA)) {
            throw new GmmException("the MRF strength BETA must be in [0, " + MAX_BETA + "], got " + beta);
        }
        if (maxSweeps < 1) {
            throw new GmmException("the number of MRF sweeps must be at least 1, got " + maxSweeps);
        }
        if (!(tol >= 0) || Double.isInfinite(tol) || !(labelTol >= 0 && labelTol <= 1)) {
            throw new GmmException("MRF tolerances must be finite and >= 0 (the label fraction at most 1), got "
                    + tol + " and " + labelTol);
        }
        if (!(regCovar >= 0) || Double.isInfinite(regCovar)) {
            throw new GmmException("regCovar must be a finite number >= 0, got " + regCovar);
        }
        if (threads < 1) {
            throw new GmmException("threads must be at least 1, got " + threads);
        }
        if (monitor == null) {
            throw new GmmException("the monitor must be given (FitMonitor.NONE for none)");
        }
    }

    /** A fixed BETA with the defaults: 30 sweeps, tol 1e-3, label tolerance 1e-3, model updated, one thread. */
    public static HmrfOptions of(double beta) {
        return new HmrfOptions(beta, false, DEFAULT_MAX_SWEEPS, FitOptions.DEFAULT_TOL, DEFAULT_LABEL_TOL, true,
                FitOptions.DEFAULT_REG_COVAR, 1, FitMonitor.NONE);
    }

    /** BETA estimated ({@link PottsBeta}), with the defaults of {@link #of}. */
    public static HmrfOptions auto() {
        return of(0).withAutoBeta(true);
    }

    public HmrfOptions withAutoBeta(boolean auto) {
        return new HmrfOptions(beta, auto, maxSweeps, tol, labelTol, updateModel, regCovar, threads, monitor);
    }

    public HmrfOptions withMaxSweeps(int n) {
        return new HmrfOptions(beta, autoBeta, n, tol, labelTol, updateModel, regCovar, threads, monitor);
    }

    public HmrfOptions withTol(double t, double labels) {
        return new HmrfOptions(beta, autoBeta, maxSweeps, t, labels, updateModel, regCovar, threads, monitor);
    }

    public HmrfOptions withUpdateModel(boolean update) {
        return new HmrfOptions(beta, autoBeta, maxSweeps, tol, labelTol, update, regCovar, threads, monitor);
    }

    public HmrfOptions withRegCovar(double r) {
        return new HmrfOptions(beta, autoBeta, maxSweeps, tol, labelTol, updateModel, r, threads, monitor);
    }

    public HmrfOptions withThreads(int t) {
        return new HmrfOptions(beta, autoBeta, maxSweeps, tol, labelTol, updateModel, regCovar, t, monitor);
    }

    public HmrfOptions withMonitor(FitMonitor m) {
        return new HmrfOptions(beta, autoBeta, maxSweeps, tol, labelTol, updateModel, regCovar, threads, m);
    }
}
