package org.gmmseg.cli.options;

import java.io.IOException;
import java.nio.file.Path;

import org.gmmseg.cli.options.Converters.CovarianceTypeConverter;
import org.gmmseg.cli.options.Converters.CovarianceTypeIds;
import org.gmmseg.cli.options.Converters.InitializationConverter;
import org.gmmseg.cli.options.Converters.InitializationIds;
import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Initialization;
import org.gmmseg.core.io.ModelFile;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of an EM fit, shared by every command that fits ({@code fit}, later {@code segment}).
 * Defaults are the core's ({@link FitOptions}).
 *
 * <p>With {@code --init-model} the warm-start model fixes K and the covariance type. Giving
 * {@code --components} or {@code --covariance} that contradict it, or {@code --init} or
 * {@code --n-init} (which a warm start does not use), is a usage error rather than being silently
 * ignored. Out-of-range numbers are usage errors too, naming the option.
 */
public final class EmOptions {
    static final String COMPONENTS = "--components";
    static final String COVARIANCE = "--covariance";
    static final String INIT = "--init";
    static final String INIT_MODEL = "--init-model";
    static final String N_INIT = "--n-init";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-k", COMPONENTS}, paramLabel = "K",
            description = "Number of mixture components. Required unless --init-model is given.")
    Integer components;

    @Option(names = COVARIANCE, paramLabel = "TYPE", converter = CovarianceTypeConverter.class,
            completionCandidates = CovarianceTypeIds.class,
            description = "Covariance shape: ${COMPLETION-CANDIDATES} (default: full; with --init-model, the model's).")
    CovarianceType covariance;

    @Option(names = INIT, paramLabel = "METHOD", converter = InitializationConverter.class,
            completionCandidates = InitializationIds.class, defaultValue = "kmeans",
            description = "Initialisation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Initialization initialization;

    @Option(names = INIT_MODEL, paramLabel = "MODEL.json",
            description = "Warm start: EM starts from this model, whose K and covariance type are used.")
    Path initModel;

    @Option(names = N_INIT, paramLabel = "N", defaultValue = "1",
            description = "Restarts; the one with the best final log-likelihood is kept (default: ${DEFAULT-VALUE}).")
    int nInit;

    @Option(names = "--max-iter", paramLabel = "N", defaultValue = "" + FitOptions.DEFAULT_MAX_ITER,
            description = "Maximum EM iterations per restart (default: ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(names = "--tol", paramLabel = "TOL", defaultValue = "" + FitOptions.DEFAULT_TOL,
            description = "Stop when the mean log-likelihood per sample changes by less than TOL "
                    + "(default: ${DEFAULT-VALUE}); 0 runs exactly --max-iter iterations.")
    double tol;

    @Option(names = "--reg-covar", paramLabel = "R", defaultValue = "" + FitOptions.DEFAULT_REG_COVAR,
            description = "Added to the covariance diagonals (default: ${DEFAULT-VALUE}).")
    double regCovar;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0",
            description = "Seed of every random choice (default: ${DEFAULT-VALUE}); the same seed gives the same model.")
    long seed;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (default: the number of processors, ${DEFAULT-VALUE} here); "
                    + "results do not depend on it.")
    int threads = Runtime.getRuntime().availableProcessors();

    /** The warm-start model file, or null. */
    public Path initModel() {
        return initModel;
    }

    public long seed() {
        return seed;
    }

    /**
     * Checks what can be checked before reading any file.
     *
     * @throws ParameterException for out-of-range values, a missing {@code --components}, or
     *     options that a warm start does not use
     */
    public void validate() {
        if (components != null && components < 1) {
            throw usage(COMPONENTS + " must be at least 1, got " + components);
        }
        if (nInit < 1) {
            throw usage(N_INIT + " must be at least 1, got " + nInit);
        }
        if (maxIter < 1) {
            throw usage("--max-iter must be at least 1, got " + maxIter);
        }
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw usage("--tol must be a finite number >= 0, got " + tol);
        }
        if (!(regCovar >= 0) || Double.isInfinite(regCovar)) {
            throw usage("--reg-covar must be a finite number >= 0, got " + regCovar);
        }
        if (threads < 1) {
            throw usage("--threads must be at least 1, got " + threads);
        }
        if (initModel == null) {
            if (components == null) {
                throw usage("Missing required option: '" + COMPONENTS + "=K' (or give " + INIT_MODEL + ")");
            }
        } else {
            if (given(INIT)) {
                throw usage(INIT + " cannot be combined with " + INIT_MODEL + ": the model is the starting point");
            }
            if (given(N_INIT)) {
                throw usage(N_INIT + " cannot be combined with " + INIT_MODEL + ": a warm start runs once");
            }
        }
    }

    /** Reads the {@code --init-model} file, or returns null when none was given. */
    public GaussianMixture readInitialModel() throws IOException {
        return initModel == null ? null : ModelFile.read(initModel).model();
    }

    /**
     * The core's options, after {@link #validate()}.
     *
     * @param warmStart the model read from {@code --init-model}, or null
     * @throws ParameterException when {@code --components} or {@code --covariance} contradict the
     *     warm-start model
     */
    public FitOptions toFitOptions(GaussianMixture warmStart) {
        FitOptions options;
        if (warmStart == null) {
            options = FitOptions.of(components)
                    .withCovarianceType(covariance == null ? CovarianceType.FULL : covariance)
                    .withInitialization(initialization)
                    .withNInit(nInit);
        } else {
            if (components != null && components != warmStart.components()) {
                throw usage(COMPONENTS + " " + components + " contradicts " + INIT_MODEL + " " + initModel
                        + ", which has " + warmStart.components() + " components; leave out " + COMPONENTS);
            }
            if (covariance != null && covariance != warmStart.covarianceType()) {
                throw usage(COVARIANCE + " " + covariance + " contradicts " + INIT_MODEL + " " + initModel
                        + ", which has covariance type " + warmStart.covarianceType() + "; leave out " + COVARIANCE);
            }
            options = FitOptions.warmStart(warmStart);
        }
        return options.withMaxIter(maxIter)
                .withTol(tol)
                .withRegCovar(regCovar)
                .withSeed(seed)
                .withThreads(threads);
    }

    private boolean given(String option) {
        return mixee.commandLine().getParseResult().hasMatchedOption(option);
    }

    private ParameterException usage(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }
}
