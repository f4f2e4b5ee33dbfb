package org.gmmseg.cli.options;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.gmmseg.cli.options.Converters.CovarianceTypeIds;
import org.gmmseg.cli.options.Converters.CriterionConverter;
import org.gmmseg.cli.options.Converters.CriterionIds;
import org.gmmseg.cli.options.Converters.InitializationConverter;
import org.gmmseg.cli.options.Converters.InitializationIds;
import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Initialization;
import org.gmmseg.core.io.ModelFile;
import org.gmmseg.core.io.ModelFormatException;
import org.gmmseg.core.select.Criterion;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.segmentation.features.FeatureSpec;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of an EM fit, shared by every command that fits ({@code fit}, {@code segment}).
 * Defaults are the core's ({@link FitOptions}).
 *
 * <p>With {@code --init-model} the warm-start model fixes K and the covariance type. Giving
 * {@code --components} or {@code --covariance} that contradict it, or {@code --init} or
 * {@code --n-init} (which a warm start does not use), is a usage error rather than being silently
 * ignored. Out-of-range numbers are usage errors too, naming the option.
 *
 * <p>{@code --components} takes one K, a range ({@code 2..8}) or a list ({@code 2,3,5}), and
 * {@code --covariance} one type or several ({@code full,diag}, {@code all}). With more than one
 * candidate the command runs a model selection ({@link #toSelectionOptions()}) chosen by
 * {@code --select}; a warm start, which fixes K and the covariance type, cannot be combined with it.
 */
public final class EmOptions {
    static final String COMPONENTS = "--components";
    static final String COVARIANCE = "--covariance";
    static final String INIT = "--init";
    static final String INIT_MODEL = "--init-model";
    static final String N_INIT = "--n-init";
    static final String SELECT = "--select";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-k", COMPONENTS}, paramLabel = "K",
            description = "Number of mixture components, or the numbers to choose from by " + SELECT + ": a range "
                    + "2..8 or a list 2,3,5. Required unless --init-model is given.")
    String componentsText;

    @Option(names = COVARIANCE, paramLabel = "TYPE",
            completionCandidates = CovarianceTypeIds.class,
            description = "Covariance shape: ${COMPLETION-CANDIDATES}, or several to choose from by " + SELECT
                    + ", e.g. full,diag, or all (default: full; with --init-model, the model's).")
    String covarianceText;

    @Option(names = SELECT, paramLabel = "CRITERION", converter = CriterionConverter.class,
            completionCandidates = CriterionIds.class, defaultValue = "bic",
            description = "With several --components or --covariance values, fit each and keep the one whose "
                    + "criterion is lowest: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Criterion criterion;

    private List<Integer> components;
    private List<CovarianceType> covariances;

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

    @Mixin
    ThreadsOption threadsOption;

    /** The warm-start model file, or null. */
    public Path initModel() {
        return initModel;
    }

    public long seed() {
        return seed;
    }

    /** The {@code --threads} count. */
    public int threads() {
        return threadsOption.threads();
    }

    /** The {@code --components} given, after {@link #validate()}; null when not given (with {@code --init-model}). */
    public List<Integer> components() {
        return components;
    }

    /** The largest {@code --components} value, after {@link #validate()}; 0 when not given. */
    public int maxComponents() {
        return components == null ? 0 : components.stream().mapToInt(Integer::intValue).max().getAsInt();
    }

    /**
     * True when there are several candidates, numbers of components or covariance types, to choose
     * from (after {@link #validate()}).
     */
    public boolean selecting() {
        return components != null && components.size() * (covariances == null ? 1 : covariances.size()) > 1;
    }

    /** The {@code --select} criterion. */
    public Criterion criterion() {
        return criterion;
    }

    /**
     * Checks what can be checked before reading any file.
     *
     * @throws ParameterException for out-of-range values, a missing {@code --components}, or
     *     options that a warm start does not use
     */
    public void validate() {
        components = null;
        covariances = null;
        if (componentsText != null) {
            try {
                components = SelectionOptions.parseComponents(componentsText);
            } catch (IllegalArgumentException e) {
                throw usage(COMPONENTS + ": " + e.getMessage());
            }
        }
        if (covarianceText != null) {
            try {
                covariances = SelectionOptions.parseCovarianceTypes(covarianceText);
            } catch (IllegalArgumentException e) {
                throw usage(COVARIANCE + ": " + e.getMessage());
            }
        }
        if (components != null && maxComponents() > ModelFile.MAX_COMPONENTS) {
            throw usage(COMPONENTS + " must be at most " + ModelFile.MAX_COMPONENTS + " (the largest label of a 16-bit "
                    + "label image), got " + maxComponents());
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
        threadsOption.validate();
        if (initModel == null) {
            if (components == null) {
                throw usage("Missing required option: '" + COMPONENTS + "=K' (or give " + INIT_MODEL + ")");
            }
        } else {
            if (components != null && components.size() > 1) {
                throw usage(INIT_MODEL + " fixes K, so it cannot be combined with several " + COMPONENTS + " ("
                        + componentsText + "); give one K, or leave out " + INIT_MODEL + " to choose K");
            }
            if (covariances != null && covariances.size() > 1) {
                throw usage(INIT_MODEL + " fixes the covariance type, so it cannot be combined with several "
                        + COVARIANCE + " (" + covarianceText + "); give one type, or leave out " + INIT_MODEL);
            }
            if (given(INIT)) {
                throw usage(INIT + " cannot be combined with " + INIT_MODEL + ": the model is the starting point");
            }
            if (given(N_INIT)) {
                throw usage(N_INIT + " cannot be combined with " + INIT_MODEL + ": a warm start runs once");
            }
        }
        if (given(SELECT) && !selecting()) {
            PrintWriter err = mixee.commandLine().getErr();
            err.println("warning: " + SELECT + " " + criterion + " has no effect with one number of components and one "
                    + "covariance type; give a range such as " + COMPONENTS + " 2..8 to choose K");
            err.flush();
        }
    }

    /** Reads the {@code --init-model} file, or returns null when none was given. */
    public GaussianMixture readInitialModel() throws IOException {
        return readInitialModel(null);
    }

    /**
     * Reads the {@code --init-model} file for a fit on images, or returns null when none was given.
     *
     * @param features the features of this fit; a model fitted on images records its own, and
     *     when they differ the fit would start from a model of other quantities
     * @throws ParameterException when the model was fitted on other features
     */
    public GaussianMixture readInitialModel(FeatureSpec features) throws IOException {
        if (initModel == null) {
            return null;
        }
        ModelFile.Document doc = ModelFile.read(initModel);
        JsonNode block = doc.extensions().get("features");
        if (features != null && block != null) {
            FeatureSpec fitted;
            try {
                fitted = FeatureSpec.fromJson(block);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(initModel + ": " + e.getMessage(), e);
            }
            if (!fitted.equals(features)) {
                throw usage(INIT_MODEL + " " + initModel + " was fitted on features " + fitted.describe()
                        + " but this fit computes " + features.describe() + "; give the model's --features, "
                        + "--channels, --xy-weight and --smooth, or another model");
            }
        }
        return doc.model();
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
            options = FitOptions.of(components.get(0))
                    .withCovarianceType(covariances == null ? CovarianceType.FULL : covariances.get(0))
                    .withInitialization(initialization)
                    .withNInit(nInit);
        } else {
            if (components != null && components.get(0) != warmStart.components()) {
                throw usage(COMPONENTS + " " + components.get(0) + " contradicts " + INIT_MODEL + " " + initModel
                        + ", which has " + warmStart.components() + " components; leave out " + COMPONENTS);
            }
            if (covariances != null && covariances.get(0) != warmStart.covarianceType()) {
                throw usage(COVARIANCE + " " + covariances.get(0) + " contradicts " + INIT_MODEL + " " + initModel
                        + ", which has covariance type " + warmStart.covarianceType() + "; leave out " + COVARIANCE);
            }
            options = FitOptions.warmStart(warmStart);
        }
        return options.withMaxIter(maxIter)
                .withTol(tol)
                .withRegCovar(regCovar)
                .withSeed(seed)
                .withThreads(threadsOption.threads());
    }

    /**
     * The options of a model selection over the {@code --components} and {@code --covariance}
     * values, after {@link #validate()}, when {@link #selecting()}; every candidate is fitted with
     * the other EM options.
     */
    public SelectionOptions toSelectionOptions() {
        return SelectionOptions.of(components)
                .withCovarianceTypes(covariances == null ? List.of(CovarianceType.FULL) : covariances)
                .withCriterion(criterion)
                .withFit(toFitOptions(null));
    }

    private boolean given(String option) {
        return mixee.commandLine().getParseResult().hasMatchedOption(option);
    }

    private ParameterException usage(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }
}
