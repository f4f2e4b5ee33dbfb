package org.gmmseg.core;

import java.io.Serializable;

/**
 * Options of an EM fit, with scikit-learn's defaults. Build with {@link #of(int)} and the
 * {@code with*} methods.
 *
 * @param components number of components K (at least 1)
 * @param covarianceType shape of the covariances
 * @param initialization how to start when {@code initialModel} is null
 * @param initialModel warm start: EM starts from this model (K and D must match); null for none
 * @param nInit number of restarts; the one with the best final lower bound is kept
 * @param maxIter maximum number of EM iterations per restart (at least 1)
 * @param tol convergence threshold on the change of the mean log-likelihood per sample; 0 runs
 *     exactly {@code maxIter} iterations
 * @param regCovar non-negative value added to the covariance diagonals, in the unit {@code regScale} gives
 * @param regScale the per-feature unit of {@code regCovar}: {@link RegularizationScale#ABSOLUTE}
 *     (scikit-learn's reg_covar) or relative to the data's feature variances
 * @param seed seed of every random choice (initialisation, restarts)
 * @param threads worker threads (at least 1); results do not depend on it
 * @param monitor told of every EM iteration and model-selection candidate, and asked whether to
 *     stop ({@link FitMonitor}); never changes a result. It watches fits in this JVM: serialised
 *     options (e.g. sent to a cluster's executors) carry {@link FitMonitor#NONE} instead
 */
public record FitOptions(int components, CovarianceType covarianceType, Initialization initialization,
        GaussianMixture initialModel, int nInit, int maxIter, double tol, double regCovar, RegularizationScale regScale, long seed,
        int threads, FitMonitor monitor) implements Serializable {

    public static final int DEFAULT_MAX_ITER = 100;
    public static final double DEFAULT_TOL = 1e-3;
    public static final double DEFAULT_REG_COVAR = 1e-6;

    public FitOptions {
        if (components < 1) {
            throw new GmmException("the number of components must be at least 1, got " + components);
        }
        if (covarianceType == null || initialization == null) {
            throw new GmmException("covariance type and initialisation must be given");
        }
        if (nInit < 1) {
            throw new GmmException("nInit must be at least 1, got " + nInit);
        }
        if (maxIter < 1) {
            throw new GmmException("maxIter must be at least 1, got " + maxIter);
        }
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new GmmException("tol must be a finite number >= 0, got " + tol);
        }
        if (!(regCovar >= 0) || Double.isInfinite(regCovar)) {
            throw new GmmException("regCovar must be a finite number >= 0, got " + regCovar);
        }
        if (regScale == null) {
            throw new GmmException("the regularisation scale must be given (RegularizationScale.ABSOLUTE for none)");
        }
        if (threads < 1) {
            throw new GmmException("threads must be at least 1, got " + threads);
        }
        if (monitor == null) {
            throw new GmmException("the monitor must be given (FitMonitor.NONE for none)");
        }
        if (initialModel != null) {
            if (initialModel.components() != components) {
                throw new GmmException("the initial model has " + initialModel.components() + " components but "
                        + components + " were asked for");
            }
            if (initialModel.covarianceType() != covarianceType) {
                throw new GmmException("the initial model has covariance type " + initialModel.covarianceType()
                        + " but " + covarianceType + " was asked for");
            }
        }
    }

    /**
     * Defaults: full covariances, k-means initialisation, 1 restart, 100 iterations, tol 1e-3,
     * regCovar 1e-6 (absolute), seed 0, 1 thread.
     */
    public static FitOptions of(int components) {
        return new FitOptions(components, CovarianceType.FULL, Initialization.KMEANS, null, 1, DEFAULT_MAX_ITER,
                DEFAULT_TOL, DEFAULT_REG_COVAR, RegularizationScale.ABSOLUTE, 0L, 1, FitMonitor.NONE);
    }

    /** Warm start from a model: K and the covariance type are taken from it. */
    public static FitOptions warmStart(GaussianMixture model) {
        return of(model.components()).withCovarianceType(model.covarianceType()).withInitialModel(model);
    }

    public FitOptions withComponents(int k) {
        return new FitOptions(k, covarianceType, initialization, initialModel, nInit, maxIter, tol,
                regCovar, regScale, seed, threads, monitor);
    }

    public FitOptions withCovarianceType(CovarianceType t) {
        return new FitOptions(components, t, initialization, initialModel, nInit, maxIter, tol,
                regCovar, regScale, seed, threads, monitor);
    }

    public FitOptions withInitialization(Initialization i) {
        return new FitOptions(components, covarianceType, i, initialModel, nInit, maxIter, tol,
                regCovar, regScale, seed, threads, monitor);
    }

    public FitOptions withInitialModel(GaussianMixture m) {
        return new FitOptions(components, covarianceType, initialization, m, nInit, maxIter, tol,
                regCovar, regScale, seed, threads, monitor);
    }

    public FitOptions withNInit(int n) {
        return new FitOptions(components, covarianceType, initialization, initialModel, n, maxIter, tol,
                regCovar, regScale, seed, threads, monitor);
    }

    public FitOptions withMaxIter(int n) {
        return new FitOptions(components, covarianceType, initialization, initialModel, nInit, n, tol,
                regCovar, regScale, seed, threads, monitor);
    }

    public FitOptions withTol(double t) {
        return new FitOptions(components, covarianceType, initialization, initialModel, nInit, maxIter, t,
                regCovar, regScale, seed, threads, monitor);
    }

    public FitOptions withRegCovar(double r) {
        return new FitOptions(components, covarianceType, initialization, initialModel, nInit, maxIter, tol,
                r, regScale, seed, threads, monitor);
    }

    /** The same options with regCovar in this per-feature unit. */
    public FitOptions withRegScale(RegularizationScale r) {
        return new FitOptions(components, covarianceType, initialization, initialModel, nInit, maxIter, tol,
                regCovar, r, seed, threads, monitor);
    }

    public FitOptions withSeed(long s) {
        return new FitOptions(components, covarianceType, initialization, initialModel, nInit, maxIter, tol,
                regCovar, regScale, s, threads, monitor);
    }

    public FitOptions withThreads(int t) {
        return new FitOptions(components, covarianceType, initialization, initialModel, nInit, maxIter, tol,
                regCovar, regScale, seed, t, monitor);
    }

    /** Serialised without the monitor, which watches this JVM's fits only (and need not be serialisable). */
    private Object writeReplace() {
        return monitor == FitMonitor.NONE ? this : withMonitor(FitMonitor.NONE);
    }

    /** The same options, watched by this monitor. */
    public FitOptions withMonitor(FitMonitor m) {
        return new FitOptions(components, covarianceType, initialization, initialModel, nInit, maxIter, tol,
                regCovar, regScale, seed, threads, m);
    }
}
