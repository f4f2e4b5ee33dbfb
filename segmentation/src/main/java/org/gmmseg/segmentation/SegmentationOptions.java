package org.gmmseg.segmentation;

import java.util.List;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.Initialization;
import org.gmmseg.core.select.Criterion;
import org.gmmseg.core.select.ModelSelection;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.segmentation.features.FeatureSpec;

/**
 * How to fit a segmentation model: the features, the EM options, the sample cap, and the
 * candidates of a model selection. Build with {@link #of(int)} and the {@code with*} methods.
 *
 * <p>With one number of components and one covariance type (the default) a model is fitted with
 * exactly {@link #fit()}. With several ({@link #withComponents(String) withComponents("2..8")},
 * {@link #withCovariances(String) withCovariances("full,diag")}), every pair is fitted on the same
 * samples and the {@link #criterion()} chooses one ({@link ModelSelection}); the model then carries
 * the table of candidates ({@link SegmentationModel#selection()}).
 *
 * @param features the feature pipeline
 * @param fit EM options (seed, threads, ...); its components and covariance type are the first
 *     candidates
 * @param maxSamples 0 to fit on every pixel (de-duplicated); otherwise a seeded random
 *     subsample of about this many pixels per image
 * @param candidateComponents the numbers of components to try, in order (null: fit's)
 * @param candidateCovarianceTypes the covariance types to try, in order (null: fit's)
 * @param criterion what chooses among several candidates (null: BIC)
 * @param mrf the Potts prior of HMRF-EM after the fit ({@link Mrf}; null: none, the plain GMM)
 */
public record SegmentationOptions(FeatureSpec features, FitOptions fit, long maxSamples,
        List<Integer> candidateComponents, List<CovarianceType> candidateCovarianceTypes, Criterion criterion,
        Mrf mrf) {

    public SegmentationOptions {
        if (features == null || fit == null) {
            throw new IllegalArgumentException("features and fit options must be given");
        }
        if (maxSamples < 0) {
            throw new IllegalArgumentException("maxSamples must be >= 0, got " + maxSamples);
        }
        candidateComponents = candidateComponents == null ? List.of(fit.components()) : List.copyOf(candidateComponents);
        candidateCovarianceTypes = candidateCovarianceTypes == null ? List.of(fit.covarianceType())
                : List.copyOf(candidateCovarianceTypes);
        criterion = criterion == null ? Criterion.BIC : criterion;
        mrf = mrf == null ? Mrf.NONE : mrf;
        if (candidateComponents.isEmpty() || candidateCovarianceTypes.isEmpty()) {
            throw new IllegalArgumentException("at least one number of components and one covariance type are needed");
        }
        if (fit.components() != candidateComponents.get(0)) {
            fit = fit.withComponents(candidateComponents.get(0));
        }
        if (fit.covarianceType() != candidateCovarianceTypes.get(0)) {
            fit = fit.withCovarianceType(candidateCovarianceTypes.get(0));
        }
        if (candidateComponents.size() * candidateCovarianceTypes.size() > 1) {
            // checks the grid (K >= 1, no repeats, no warm start) at once rather than at the fit
            new SelectionOptions(candidateComponents, candidateCovarianceTypes, criterion, fit,
                    SelectionOptions.DEFAULT_MAX_REG_COVAR_RETRIES, SelectionOptions.DEFAULT_REG_COVAR_GROWTH);
        }
    }

    /** Options without model selection. */
    public SegmentationOptions(FeatureSpec features, FitOptions fit, long maxSamples) {
        this(features, fit, maxSamples, null, null, null, null);
    }

    /** K components, RGB features, scikit-learn's EM defaults, every pixel, seed 0, all cores. */
    public static SegmentationOptions of(int components) {
        return new SegmentationOptions(FeatureSpec.rgb(),
                FitOptions.of(components).withThreads(Runtime.getRuntime().availableProcessors()), 0);
    }

    /**
     * The number of components of a plain fit. With model selection, the first candidate; the
     * fitted model's {@link SegmentationModel#components()} is the chosen one.
     */
    public int components() {
        return fit.components();
    }

    /** The largest number of components a fit with these options can give. */
    public int maxComponents() {
        return candidateComponents.stream().mapToInt(Integer::intValue).max().getAsInt();
    }

    /** True when there are several candidates (numbers of components or covariance types) to choose from. */
    public boolean selecting() {
        return candidateComponents.size() * candidateCovarianceTypes.size() > 1;
    }

    /** The options of the model selection: the candidates, the criterion and {@link #fit()} for each fit. */
    public SelectionOptions selection() {
        return new SelectionOptions(candidateComponents, candidateCovarianceTypes, criterion, fit,
                SelectionOptions.DEFAULT_MAX_REG_COVAR_RETRIES, SelectionOptions.DEFAULT_REG_COVAR_GROWTH);
    }

    public SegmentationOptions withFeatures(FeatureSpec f) {
        return new SegmentationOptions(f, fit, maxSamples, candidateComponents, candidateCovarianceTypes, criterion,
                mrf);
    }

    /** Features by name, e.g. {@code "lab"}, {@code "lab+xy"} or {@code "gray+xyz"} (coordinate weight 1). */
    public SegmentationOptions withFeatures(String name) {
        return withFeatures(FeatureSpec.parse(name, 1, features.smoothingSigma()));
    }

    /**
     * Gaussian smoothing of every channel before the features: sigma in the unit of the images'
     * calibration (pixels when they have none), along X, Y and Z; 0 for none.
     */
    public SegmentationOptions withSmoothing(double sigma) {
        return withFeatures(new FeatureSpec(features.colorSpace(), features.xyWeight(), sigma, features.zCoordinate(),
                features.channels()));
    }

    /**
     * Keeps only some colour features: their 1-based numbers after the conversion, e.g. 2, 3 for a* and b* of
     * {@code lab}; none for all.
     */
    public SegmentationOptions withChannels(int... channels) {
        return withFeatures(features.withChannels(java.util.Arrays.stream(channels).sorted().boxed().toList()));
    }

    /**
     * Other EM options. When they change the number of components or the covariance type, that
     * one value replaces the candidates of that kind; otherwise the candidates are kept.
     */
    public SegmentationOptions withFit(FitOptions f) {
        return new SegmentationOptions(features, f, maxSamples,
                f.components() == fit.components() ? candidateComponents : List.of(f.components()),
                f.covarianceType() == fit.covarianceType() ? candidateCovarianceTypes : List.of(f.covarianceType()),
                criterion, mrf);
    }

    /** One number of components: a plain fit (unless there are several covariance types). */
    public SegmentationOptions withComponents(int k) {
        return withComponents(List.of(k));
    }

    /**
     * The numbers of components to try: one number ({@code "3"}), an inclusive range
     * ({@code "2..8"}) or a list ({@code "2,4,8"}, {@code "1..3,8"}); see
     * {@link SelectionOptions#parseComponents}.
     *
     * @throws IllegalArgumentException naming a bad item
     */
    public SegmentationOptions withComponents(String candidates) {
        return withComponents(SelectionOptions.parseComponents(candidates));
    }

    public SegmentationOptions withComponents(List<Integer> candidates) {
        return new SegmentationOptions(features, fit, maxSamples, candidates, candidateCovarianceTypes, criterion,
                mrf);
    }

    /** The covariance type, or several to choose from: same as {@link #withCovariances(String)}. */
    public SegmentationOptions withCovariance(String type) {
        return withCovariances(type);
    }

    /**
     * The covariance types to try, comma-separated ({@code "full,diag"}), or {@code "all"}; one
     * type ({@code "diag"}) means no choice.
     *
     * @throws IllegalArgumentException on an unknown or repeated name
     */
    public SegmentationOptions withCovariances(String types) {
        return new SegmentationOptions(features, fit, maxSamples, candidateComponents,
                SelectionOptions.parseCovarianceTypes(types), criterion, mrf);
    }

    /** The criterion that chooses among several candidates (lower is better for all three). */
    public SegmentationOptions withCriterion(Criterion c) {
        return new SegmentationOptions(features, fit, maxSamples, candidateComponents, candidateCovarianceTypes, c,
                mrf);
    }

    /** The criterion by name: {@code "bic"}, {@code "icl"} or {@code "aic"}. */
    public SegmentationOptions withCriterion(String name) {
        return withCriterion(Criterion.parse(name));
    }

    public SegmentationOptions withInitialization(String init) {
        return withFit(fit.withInitialization(Initialization.parse(init)));
    }

    public SegmentationOptions withSeed(long seed) {
        return withFit(fit.withSeed(seed));
    }

    public SegmentationOptions withMaxIter(int maxIter) {
        return withFit(fit.withMaxIter(maxIter));
    }

    public SegmentationOptions withThreads(int threads) {
        return withFit(fit.withThreads(threads));
    }

    /**
     * HMRF-EM after the fit with a Potts prior of strength BETA, or {@code "auto"} to estimate it
     * (docs/em-derivation.md, section 10a); {@code "0"} is the plain GMM.
     *
     * @throws IllegalArgumentException outside [0, 10] or not a number
     */
    public SegmentationOptions withMrf(String betaOrAuto) {
        return withMrf(Mrf.parse(betaOrAuto));
    }

    public SegmentationOptions withMrf(Mrf m) {
        return new SegmentationOptions(features, fit, maxSamples, candidateComponents, candidateCovarianceTypes,
                criterion, m);
    }

    public SegmentationOptions withMaxSamples(long n) {
        return new SegmentationOptions(features, fit, n, candidateComponents, candidateCovarianceTypes, criterion,
                mrf);
    }
}
