package org.gmmseg.segmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gmmseg.segmentation.features.ImagePixels;

/**
 * Whether an image lies where a model was fitted, so that its labels can be trusted: a model
 * applied to an image of another kind labels every pixel anyway, often all with one label.
 * Two tests, each giving a one-line warning:
 * <ul>
 * <li><b>storage</b>: the model was fitted on 8-bit images and the image is not, or the other way
 *     round. Features are intensities as fractions of the type's range (0..255, 0..65535), so a
 *     16-bit image holding 12 bits lies in the darkest sixteenth of an 8-bit model's range (a
 *     model of an RGB photo puts all of 16-bit HeLa into label 1). Not tested when the model
 *     does not record it (fitted on mixed images, or by gmmseg before 0.2).</li>
 * <li><b>likelihood</b>: the image's mean log-likelihood per pixel under the model, (1/N) sum_n
 *     log p(x_n) (eq. 6), is more than {@link #MAX_DROP} below the model's own
 *     ({@code fit.logLikelihood}, the same mean over the pixels it was fitted on): most of the
 *     image lies far outside every component. Not tested when the model has no fit block.</li>
 * </ul>
 * The mean is taken over the valid pixels of evenly spaced rows (all rows of images up to
 * {@link #SCORED_PIXELS} pixels), so the check costs a small fraction of labelling.
 *
 * @param meanLogLikelihood the image's mean log-likelihood per valid pixel under the model; NaN
 *     when no pixel was valid
 * @param fittedLogLikelihood the model's {@code fit.logLikelihood}; NaN when unknown
 * @param pixels the number of valid pixels scored
 * @param warnings one line per failed test, empty when the image is in range
 */
public record RangeCheck(double meanLogLikelihood, double fittedLogLikelihood, long pixels, List<String> warnings) {
    /**
     * The largest drop, in nats per pixel, of the image's mean log-likelihood below the fitted one
     * that passes: a typical pixel e^10 (about 22000) times less likely than one of the fit. A
     * shared model of the sample photos, or of the gray micrographs, applied to the one image left
     * out of its fit dropped by at most 5.6; models of other kinds of images (brightfield stains
     * on fluorescence, a galaxy on cells) by 12.9 to 71 (docs/cli.md, "Checking the model").
     */
    public static final double MAX_DROP = 10;

    /** About this many pixels are scored per image. */
    public static final long SCORED_PIXELS = 1L << 18;

    public RangeCheck {
        warnings = List.copyOf(warnings);
    }

    /** True when no test failed. */
    public boolean ok() {
        return warnings.isEmpty();
    }

    /** How far the image's mean log-likelihood per pixel lies below the fitted one (NaN when unknown). */
    public double drop() {
        return fittedLogLikelihood - meanLogLikelihood;
    }

    /**
     * Checks the image against the model (smoothed as the model's features say).
     *
     * @param threads worker threads; the result does not depend on them
     */
    public static RangeCheck of(ImagePixels image, SegmentationModel model, int threads) {
        double[] scored = Segmenter.meanLogLikelihood(image, model, SCORED_PIXELS, threads);
        double mean = scored[0];
        double fitted = model.fit() == null ? Double.NaN : model.fit().logLikelihood();
        List<String> warnings = new ArrayList<>();
        Boolean eightBit = model.eightBit();
        if (eightBit != null && eightBit != image.eightBit()) {
            warnings.add("the model was fitted on " + (eightBit ? "8-bit images" : "images of more than 8 bits")
                    + " but this image is " + (eightBit ? "not 8-bit" : "8-bit") + "; intensities are compared as "
                    + "fractions of each type's range (0..255, 0..65535), so its labels are likely meaningless: "
                    + "fit a model on images stored like this one");
        }
        if (fitted - mean > MAX_DROP) {
            warnings.add(String.format(Locale.ROOT, "most of the image lies far outside the model's components: its "
                    + "mean log-likelihood per pixel is %.4g, %.4g below the %.4g of the pixels the model was fitted "
                    + "on (more than %.0f); check that the model was fitted on images like this one", mean,
                    fitted - mean, fitted, MAX_DROP));
        }
        return new RangeCheck(mean, fitted, (long) scored[1], warnings);
    }
}
