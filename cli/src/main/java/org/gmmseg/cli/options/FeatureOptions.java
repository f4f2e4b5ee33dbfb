package org.gmmseg.cli.options;

import java.util.List;

import org.gmmseg.segmentation.features.FeatureSpec;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How pixels become feature vectors ({@code --features}, {@code --channels}, {@code --xy-weight}, {@code --smooth})
 * and how many of them a fit uses ({@code --max-samples}), for every command that fits on images.
 */
public final class FeatureOptions {
    /** The default {@code --max-samples} of a fit pooling several images: per image. */
    public static final long POOLED_MAX_SAMPLES = 200_000;

    static final String FEATURES = "--features";
    static final String XY_WEIGHT = "--xy-weight";
    static final String SMOOTH = "--smooth";
    static final String MAX_SAMPLES = "--max-samples";
    static final String CHANNELS = "--channels";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = FEATURES, paramLabel = "NAME", defaultValue = "rgb",
            description = "Per-pixel features: rgb, lab, hsv, gray or channels (every channel as it is), "
                    + "optionally with +xy for the pixel coordinates, e.g. lab+xy, or +xyz for the voxel coordinates "
                    + "of a volume (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(names = CHANNELS, paramLabel = "LIST",
            description = "Keep only these colour features, numbered from 1 after the conversion, e.g. 2,3 for a* and "
                    + "b* of lab, or 1,3 for the first and third channel with --features channels (default: all).")
    String channels;

    @Option(names = XY_WEIGHT, paramLabel = "W", defaultValue = "1",
            description = "With +xy or +xyz: the coordinates run from 0 to W along the longest side of the image, "
                    + "in physical size when it is calibrated (default: ${DEFAULT-VALUE}).")
    double xyWeight;

    @Option(names = SMOOTH, paramLabel = "SIGMA", defaultValue = "0",
            description = "Gaussian smoothing of every channel before the features, in X, Y and Z for a volume; "
                    + "sigma in the image's unit (e.g. micron) when it is calibrated, else in pixels "
                    + "(default: ${DEFAULT-VALUE}, none).")
    double smooth;

    @Option(names = MAX_SAMPLES, paramLabel = "N",
            description = "Fit on a seeded random sample of about N pixels per image; 0 uses every pixel "
                    + "(identical feature vectors are merged, which is exact). Default: 0 when a model is fitted on "
                    + "one image, " + POOLED_MAX_SAMPLES + " per image when several images are pooled into one model.")
    Long maxSamples;

    /**
     * The feature pipeline.
     *
     * @throws ParameterException for an unknown name or an out-of-range number
     */
    public FeatureSpec spec() {
        if (!(xyWeight > 0) || Double.isInfinite(xyWeight)) {
            throw usage(XY_WEIGHT + " must be a finite number > 0, got " + xyWeight);
        }
        String problem = FeatureSpec.rangeProblem(xyWeight, FeatureSpec.MAX_XY_WEIGHT);
        if (problem != null) {
            throw usage(XY_WEIGHT + " " + problem + " (colour features lie in 0..1; a larger weight only drowns them)");
        }
        problem = FeatureSpec.rangeProblem(smooth, FeatureSpec.MAX_SMOOTHING_SIGMA);
        if (problem != null) {
            throw usage(SMOOTH + " " + problem + " (sigma in pixels, or in the unit of a calibrated image)");
        }
        if (maxSamples != null && maxSamples < 0) {
            throw usage(MAX_SAMPLES + " must be 0 (every pixel) or more, got " + maxSamples);
        }
        FeatureSpec spec;
        try {
            spec = FeatureSpec.parse(features, xyWeight, smooth);
            if (channels != null) {
                List<Integer> subset = FeatureSpec.parseChannels(channels);
                if (subset.isEmpty()) {
                    throw new IllegalArgumentException(CHANNELS + " needs channel numbers, e.g. 2,3");
                }
                spec = spec.withChannels(subset);
            }
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (!spec.hasXy() && given(XY_WEIGHT)) {
            throw usage(XY_WEIGHT + " needs features with +xy or +xyz, e.g. " + FEATURES + " " + spec.name() + "+xy");
        }
        return spec;
    }

    /**
     * The {@code --max-samples} given, or the default: every pixel (0) for a model fitted on one
     * image, {@link #POOLED_MAX_SAMPLES} per image for a model pooled from several.
     *
     * @param images the number of images the model is fitted on
     */
    public long maxSamples(int images) {
        if (maxSamples != null) {
            return maxSamples;
        }
        return images > 1 ? POOLED_MAX_SAMPLES : 0;
    }

    /** The first of these options given on the command line, or null: for refusing them where they do not apply. */
    public String firstGiven() {
        for (String name : new String[] {FEATURES, CHANNELS, XY_WEIGHT, SMOOTH, MAX_SAMPLES}) {
            if (given(name)) {
                return name;
            }
        }
        return null;
    }

    private boolean given(String option) {
        return mixee.commandLine().getParseResult().hasMatchedOption(option);
    }

    private ParameterException usage(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }
}
