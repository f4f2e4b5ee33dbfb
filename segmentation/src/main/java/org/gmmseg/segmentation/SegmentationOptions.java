package org.gmmseg.segmentation;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.Initialization;
import org.gmmseg.segmentation.features.FeatureSpec;

/**
 * How to fit a segmentation model: the features, the EM options and the sample cap.
 * Build with {@link #of(int)} and the {@code with*} methods.
 *
 * @param features the feature pipeline
 * @param fit EM options (components, covariance type, seed, threads, ...)
 * @param maxSamples 0 to fit on every pixel (de-duplicated); otherwise a seeded random
 *     subsample of about this many pixels per image
 */
public record SegmentationOptions(FeatureSpec features, FitOptions fit, long maxSamples) {

    public SegmentationOptions {
        if (features == null || fit == null) {
            throw new IllegalArgumentException("features and fit options must be given");
        }
        if (maxSamples < 0) {
            throw new IllegalArgumentException("maxSamples must be >= 0, got " + maxSamples);
        }
    }

    /** K components, RGB features, scikit-learn's EM defaults, every pixel, seed 0, all cores. */
    public static SegmentationOptions of(int components) {
        return new SegmentationOptions(FeatureSpec.rgb(),
                FitOptions.of(components).withThreads(Runtime.getRuntime().availableProcessors()), 0);
    }

    public int components() {
        return fit.components();
    }

    public SegmentationOptions withFeatures(FeatureSpec f) {
        return new SegmentationOptions(f, fit, maxSamples);
    }

    /** Features by name, e.g. {@code "lab"} or {@code "lab+xy"} (xy weight 1). */
    public SegmentationOptions withFeatures(String name) {
        return withFeatures(FeatureSpec.parse(name, 1, features.smoothingSigma()));
    }

    public SegmentationOptions withFit(FitOptions f) {
        return new SegmentationOptions(features, f, maxSamples);
    }

    public SegmentationOptions withCovariance(String type) {
        return withFit(fit.withCovarianceType(CovarianceType.parse(type)));
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

    public SegmentationOptions withMaxSamples(long n) {
        return new SegmentationOptions(features, fit, n);
    }
}
