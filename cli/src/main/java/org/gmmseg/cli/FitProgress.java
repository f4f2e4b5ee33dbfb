package org.gmmseg.cli;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitMonitor;

/**
 * Shows a fit's progress: each EM iteration (or model-selection candidate) as the detail of a
 * {@link Progress} bar, and with {@code --verbose} each iteration's mean log-likelihood as a line of
 * its own, e.g. {@code a.png: iteration 3: mean log-likelihood 2.713 (change 0.0412)}. Never cancels.
 * Thread-safe, as its {@link Progress}.
 */
final class FitProgress implements FitMonitor {
    private final Progress progress;
    private final String prefix;
    private final boolean verbose;
    private final boolean selecting;

    /**
     * @param prefix what the lines start with, e.g. {@code "a.png: "}, or ""
     * @param selecting whether the fits are the candidates of a model selection, named in the lines
     */
    FitProgress(Progress progress, String prefix, boolean verbose, boolean selecting) {
        this.progress = progress;
        this.prefix = prefix;
        this.verbose = verbose;
        this.selecting = selecting;
    }

    @Override
    public void iteration(Iteration it) {
        String fit = (selecting ? "K=" + it.components() + " " + it.covarianceType() + ", " : "")
                + (it.restarts() > 1 ? "restart " + it.restart() + "/" + it.restarts() + ", " : "");
        progress.detail(prefix + fit + "EM iteration " + it.iteration() + "/" + it.maxIter()
                + ", mean log-likelihood " + Formats.number(it.meanLogLikelihood()));
        if (verbose) {
            progress.println(prefix + fit + "iteration " + it.iteration() + ": mean log-likelihood "
                    + Formats.number(it.meanLogLikelihood())
                    + (Double.isFinite(it.change()) ? " (change " + Formats.number(it.change()) + ")" : ""));
        }
    }

    @Override
    public void candidate(int settled, int total, int components, CovarianceType covarianceType, boolean fitted) {
        progress.detail(prefix + "candidate " + settled + "/" + total + " settled (K=" + components + " "
                + covarianceType + ")");
    }
}
