package org.gmmseg.segmentation;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.gmmseg.core.FitMonitor;
import org.gmmseg.segmentation.axes.Axis;
import org.gmmseg.segmentation.axes.AxisViews;
import org.gmmseg.segmentation.axes.ImageAxes;
import org.gmmseg.segmentation.features.ImagePixels;
import org.gmmseg.segmentation.io.ImageData;
import org.gmmseg.segmentation.io.ImageReader;

/**
 * Gaussian-mixture segmentation of imglib2 images in a few calls, for Java, Groovy and Jython.
 * Images are {@code RandomAccessibleInterval}s of any real type (integer types are scaled to [0, 1]
 * by their range), or of {@code ARGBType} (alpha ignored). The methods without axes take 2-D
 * images: X, Y and optionally a channel axis last. The methods with {@link ImageAxes} take any
 * image whose axes they name, in any order: volumes ({@code "xyz"}), time series ({@code "xyt"}),
 * hyperstacks ({@code "xyczt"}), with their calibration; a volume, and a time series with all its
 * frames, is one sample set, and labels and probabilities come back with the same axes (without C,
 * or with C holding the components). No file I/O is needed, but models can be saved and loaded.
 *
 * <p>Groovy (Fiji script editor):
 * <pre>{@code
 * import org.gmmseg.segmentation.GmmSegmentation
 * import org.gmmseg.segmentation.SegmentationOptions
 *
 * def model = GmmSegmentation.fit(img, SegmentationOptions.of(3).withFeatures("lab").withSeed(1))
 * def labels = GmmSegmentation.segment(img, model)        // 1..3, 0 = excluded
 * def probs = GmmSegmentation.probabilities(img, model)   // X x Y x 3 floats
 * GmmSegmentation.save(model, "/tmp/model.json")
 * }</pre>
 *
 * <p>A z-stack with two channels, 0.2 x 0.2 x 1 micron voxels, smoothed in 3-D by 0.5 micron:
 * <pre>{@code
 * import org.gmmseg.segmentation.axes.ImageAxes
 * import org.gmmseg.segmentation.axes.Calibration
 *
 * def axes = ImageAxes.of("xycz").withCalibration(Calibration.of(0.2, 0.2, 1.0, "micron"))
 * def opts = SegmentationOptions.of(3).withFeatures("channels+xyz").withSmoothing(0.5)
 * def model = GmmSegmentation.fit(img, axes, opts)
 * def labels = GmmSegmentation.segment(img, axes, model)         // X x Y x Z
 * def probs = GmmSegmentation.probabilities(img, axes, model)    // X x Y x K x Z
 * }</pre>
 *
 * <p>Choosing K (and the covariance type) by BIC, ICL or AIC: every candidate is fitted and the
 * lowest criterion wins; the model remembers the candidates, and its file gets a
 * {@code selection} block:
 * <pre>{@code
 * def opts = SegmentationOptions.of(3).withComponents("2..8").withCovariances("full,diag").withCriterion("icl")
 * def model = GmmSegmentation.fit(img, opts)
 * println "chose K=" + model.components() + " " + model.mixture().covarianceType()
 * model.selection().rows().each { println it.components() + " " + it.covarianceType() + " " + it.icl() }
 * }</pre>
 *
 * <p>Spatially coherent labels for noisy images: HMRF-EM with a Potts prior of strength BETA (or
 * {@code "auto"}, estimated) refines the model on the image's pixels
 * (docs/em-derivation.md, section 10a); the model remembers BETA, and {@code segment} and
 * {@code probabilities} then run the mean-field sweeps with it (the model fixed):
 * <pre>{@code
 * def model = GmmSegmentation.fit(img, SegmentationOptions.of(3).withFeatures("lab").withMrf("1.0"))
 * def labels = GmmSegmentation.segment(img, model)
 * }</pre>
 *
 * <p>A saved model labels any image with its channels; check first that the image is of the kind
 * it was fitted on ({@link #check}):
 * <pre>{@code
 * def model = GmmSegmentation.load("/tmp/model.json")
 * GmmSegmentation.check(img, model).warnings().each { println "warning: " + it }
 * }</pre>
 *
 * <p>Jython:
 * <pre>{@code
 * from org.gmmseg.segmentation import GmmSegmentation, SegmentationOptions
 * model = GmmSegmentation.fit(img, SegmentationOptions.of(3))
 * labels = GmmSegmentation.segment(img, GmmSegmentation.load("/tmp/model.json"))
 * }</pre>
 */
public final class GmmSegmentation {
    private GmmSegmentation() {
    }

    /** Fits a K-component model with RGB features and default options. */
    public static SegmentationModel fit(RandomAccessibleInterval<?> image, int components) {
        return fit(image, SegmentationOptions.of(components));
    }

    /**
     * Fits a model on every valid pixel of the image (de-duplicated; see {@link Segmenter#fit}).
     * With several candidate numbers of components or covariance types in the options, the
     * criterion chooses among them and the model's {@link SegmentationModel#selection()} holds the
     * table of candidates.
     */
    public static SegmentationModel fit(RandomAccessibleInterval<?> image, SegmentationOptions options) {
        return fitShared(List.of(image), options);
    }

    /**
     * Fits one model on the pixels of several images, so labels mean the same across them. With an
     * MRF in the options and one image, the model is refined by HMRF-EM on it; with several, the
     * model carries the MRF and each image gets the sweeps with the model fixed when it is labelled.
     */
    public static SegmentationModel fitShared(List<? extends RandomAccessibleInterval<?>> images,
            SegmentationOptions options) {
        List<ImagePixels> pixels = images.stream().map(GmmSegmentation::pixels).toList();
        return withMrf(pixels, Segmenter.fit(pixels, options).model(), options);
    }

    /**
     * The plain fit refined by HMRF-EM on the image when the options ask for a Potts prior and
     * there is one image; with several (a shared model), the prior is only recorded.
     */
    private static SegmentationModel withMrf(List<ImagePixels> pixels, SegmentationModel model,
            SegmentationOptions options) {
        if (!options.mrf().active()) {
            return model;
        }
        if (pixels.size() > 1) {
            return model.withMrf(options.mrf());
        }
        return Segmenter.mrf(pixels.get(0), model.withMrf(options.mrf()), true, options.fit().threads(),
                FitMonitor.NONE).model();
    }

    /**
     * Fits a model on every valid voxel of an image with the given axes (de-duplicated): a volume,
     * or a time series with all its frames, is one sample set.
     *
     * @throws IllegalArgumentException when the axes do not fit the image
     */
    public static SegmentationModel fit(RandomAccessibleInterval<?> image, ImageAxes axes, SegmentationOptions options) {
        return fitShared(List.of(image), axes, options);
    }

    /** Fits one model on the voxels of several images with the same axes. */
    public static SegmentationModel fitShared(List<? extends RandomAccessibleInterval<?>> images, ImageAxes axes,
            SegmentationOptions options) {
        List<ImagePixels> pixels = images.stream().map(i -> pixels(i, axes)).toList();
        return withMrf(pixels, Segmenter.fit(pixels, options).model(), options);
    }

    /**
     * Labels 1..K (0 for excluded voxels) with the image's axes but C, in the same order ({@link #labelAxes}),
     * 8-bit when K &lt;= 255, else 16-bit.
     */
    public static Img<? extends IntegerType<?>> segment(RandomAccessibleInterval<?> image, ImageAxes axes,
            SegmentationModel model) {
        ImageAxes out = labelAxes(axes);
        long[] dims = sizes(image, axes, out, 0);
        Img<? extends IntegerType<?>> labels = model.components() <= 255 ? ArrayImgs.unsignedBytes(dims)
                : ArrayImgs.unsignedShorts(dims);
        segment(image, axes, model, labels);
        return labels;
    }

    /** Labels into a caller-supplied interval with the axes {@link #labelAxes labelAxes(axes)}. */
    public static void segment(RandomAccessibleInterval<?> image, ImageAxes axes, SegmentationModel model,
            RandomAccessibleInterval<? extends IntegerType<?>> out) {
        Segmenter.label(pixels(image, axes), model, AxisViews.arrange(out, labelAxes(axes), LABEL_ORDER),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * Responsibilities (eq. 5) as a float image with the axes {@link #probabilityAxes probabilityAxes(axes)}: the
     * image's, with C holding the K components; NaN at excluded voxels.
     */
    public static Img<FloatType> probabilities(RandomAccessibleInterval<?> image, ImageAxes axes,
            SegmentationModel model) {
        ImageAxes out = probabilityAxes(axes);
        Img<FloatType> p = ArrayImgs.floats(sizes(image, axes, out, model.components()));
        Segmenter.probabilities(pixels(image, axes), model, AxisViews.arrange(p, out, PROBABILITY_ORDER),
                Runtime.getRuntime().availableProcessors());
        return p;
    }

    /** The axes of the labels of an image with these axes: the same without C. */
    public static ImageAxes labelAxes(ImageAxes axes) {
        return axes.without(Axis.C);
    }

    /** The axes of the probabilities of an image with these axes: the same, with C (the components) last if absent. */
    public static ImageAxes probabilityAxes(ImageAxes axes) {
        return axes.with(Axis.C);
    }

    private static final List<Axis> LABEL_ORDER = List.of(Axis.X, Axis.Y, Axis.Z, Axis.T);
    private static final List<Axis> PROBABILITY_ORDER = List.of(Axis.X, Axis.Y, Axis.Z, Axis.T, Axis.C);

    /** The sizes of an output with axes {@code out} for an image with {@code axes}; C gets {@code channels}. */
    private static long[] sizes(RandomAccessibleInterval<?> image, ImageAxes axes, ImageAxes out, int channels) {
        if (image.numDimensions() != axes.numDimensions()) {
            throw new IllegalArgumentException("the image has " + image.numDimensions() + " dimensions but the axes "
                    + axes.letters() + " are " + axes.numDimensions());
        }
        long[] dims = new long[out.numDimensions()];
        for (int d = 0; d < dims.length; d++) {
            Axis a = out.order().get(d);
            dims[d] = a == Axis.C ? channels : image.dimension(axes.dimensionOf(a));
        }
        return dims;
    }

    /** Label image 1..K (0 for excluded pixels), 8-bit when K &lt;= 255, else 16-bit. */
    public static Img<? extends IntegerType<?>> segment(RandomAccessibleInterval<?> image, SegmentationModel model) {
        ImagePixels px = pixels(image);
        Img<? extends IntegerType<?>> out = model.components() <= 255
                ? ArrayImgs.unsignedBytes(px.width(), px.height())
                : ArrayImgs.unsignedShorts(px.width(), px.height());
        Segmenter.label(px, model, out, Runtime.getRuntime().availableProcessors());
        return out;
    }

    /** Labels into a caller-supplied X x Y interval (e.g. an existing 8-bit image). */
    public static void segment(RandomAccessibleInterval<?> image, SegmentationModel model,
            RandomAccessibleInterval<? extends IntegerType<?>> out) {
        Segmenter.label(pixels(image), model, out, Runtime.getRuntime().availableProcessors());
    }

    /** Responsibilities (eq. 5) as an X x Y x K float image; NaN at excluded pixels. */
    public static Img<FloatType> probabilities(RandomAccessibleInterval<?> image, SegmentationModel model) {
        ImagePixels px = pixels(image);
        Img<FloatType> out = ArrayImgs.floats(px.width(), px.height(), model.components());
        Segmenter.probabilities(px, model, out, Runtime.getRuntime().availableProcessors());
        return out;
    }

    /**
     * Whether the image lies where the model was fitted ({@link RangeCheck}): a model fitted on
     * 8-bit images applied to a 16-bit one, or an image far outside every component, labels every
     * pixel anyway. Call it before trusting the labels of a saved model;
     * {@link RangeCheck#warnings()} says what is wrong, in one line each.
     */
    public static RangeCheck check(RandomAccessibleInterval<?> image, SegmentationModel model) {
        return RangeCheck.of(pixels(image), model, Runtime.getRuntime().availableProcessors());
    }

    /** Writes the model file (JSON, docs/model-format.md); a path as text, e.g. {@code "/tmp/model.json"}. */
    public static void save(SegmentationModel model, String path) throws IOException {
        model.save(Path.of(path));
    }

    /** Writes the model file; a {@code File}, as a Fiji script's {@code #@ File} parameter gives. */
    public static void save(SegmentationModel model, File file) throws IOException {
        model.save(file.toPath());
    }

    /** Writes the model file. */
    public static void save(SegmentationModel model, Path path) throws IOException {
        model.save(path);
    }

    /** Reads a model file; a path as text. */
    public static SegmentationModel load(String path) throws IOException {
        return SegmentationModel.load(Path.of(path));
    }

    /** Reads a model file; a {@code File}, as a Fiji script's {@code #@ File} parameter gives. */
    public static SegmentationModel load(File file) throws IOException {
        return SegmentationModel.load(file.toPath());
    }

    /** Reads a model file. */
    public static SegmentationModel load(Path path) throws IOException {
        return SegmentationModel.load(path);
    }

    /** Pixel access for an image read from a file, with its axes and calibration: its alpha channel, if any, excludes pixels. */
    public static ImagePixels pixels(ImageData image) {
        return ImagePixels.of(image.pixels(), image.axes(), image.layout().hasAlpha());
    }

    /** Reads an image file (PNG, JPEG, BMP, GIF, TIFF; see {@link ImageReader}). */
    public static ImageData read(String path) throws IOException {
        return ImageReader.read(Path.of(path));
    }

    /** Pixel access for an interval of real values (X, Y[, C]) or ARGB colours. */
    @SuppressWarnings("unchecked")
    public static ImagePixels pixels(RandomAccessibleInterval<?> image) {
        Object type = image.getType();
        if (type instanceof ARGBType) {
            return ImagePixels.of(Converters.argbChannels((RandomAccessibleInterval<ARGBType>) image, 1, 2, 3), false);
        }
        if (type instanceof RealType<?>) {
            return ImagePixels.of((RandomAccessibleInterval<? extends RealType<?>>) image, false);
        }
        throw new IllegalArgumentException("images must hold real values or ARGB colours, not "
                + type.getClass().getSimpleName());
    }

    /**
     * Pixel access for an interval of real values or ARGB colours with the given axes (an ARGB image has no C
     * axis: its colours are the channels).
     */
    @SuppressWarnings("unchecked")
    public static ImagePixels pixels(RandomAccessibleInterval<?> image, ImageAxes axes) {
        Object type = image.getType();
        if (type instanceof ARGBType) {
            if (axes.has(Axis.C)) {
                throw new IllegalArgumentException("an ARGB image has its colours as channels; its axes "
                        + axes.letters() + " cannot have c");
            }
            return ImagePixels.of(Converters.argbChannels((RandomAccessibleInterval<ARGBType>) image, 1, 2, 3),
                    axes.with(Axis.C), false);
        }
        if (type instanceof RealType<?>) {
            return ImagePixels.of((RandomAccessibleInterval<? extends RealType<?>>) image, axes, false);
        }
        throw new IllegalArgumentException("images must hold real values or ARGB colours, not "
                + type.getClass().getSimpleName());
    }
}
