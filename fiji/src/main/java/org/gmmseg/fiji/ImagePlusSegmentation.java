package org.gmmseg.fiji;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.gmmseg.segmentation.BatchSegmenter;
import org.gmmseg.segmentation.GmmSegmentation;
import org.gmmseg.segmentation.RangeCheck;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.SegmentationOptions;
import org.gmmseg.segmentation.axes.Axis;
import org.gmmseg.segmentation.axes.AxisViews;
import org.gmmseg.segmentation.axes.ImageAxes;

/**
 * Gaussian-mixture segmentation of ImageJ images ({@link ImagePlus}), for scripts and the
 * commands. Every plane (slice and time point) is segmented with all its channels as features, or
 * the whole stack as one volume ({@link #segmentVolume}: 3-D features and smoothing, one model over
 * all slices and frames); 8-bit, 16-bit, 32-bit, RGB and multi-channel images are accepted (see
 * {@link ImagePlusBridge}), with their calibration (a smoothing sigma is in the image's unit).
 * Pixels are read in place, not copied. Results are new images, not shown, with the image's
 * channels, slices and frames layout and its calibration.
 *
 * <p>Groovy (Fiji script editor):
 * <pre>{@code
 * #@ ImagePlus imp
 * import org.gmmseg.segmentation.SegmentationOptions
 * import org.gmmseg.fiji.ImagePlusSegmentation
 *
 * def model = ImagePlusSegmentation.fit(imp, SegmentationOptions.of(3).withFeatures("lab").withSeed(1))
 * ImagePlusSegmentation.labels(imp, model).show()
 *
 * // a z-stack as one volume: x, y and z coordinates, smoothing by 0.5 micron in 3-D
 * def volume = ImagePlusSegmentation.fitVolume(imp, SegmentationOptions.of(3).withFeatures("gray+xyz").withSmoothing(0.5))
 * ImagePlusSegmentation.labels(imp, volume).show()   // a model of volumes labels the stack as a volume
 * }</pre>
 *
 * <p>Jython:
 * <pre>{@code
 * #@ ImagePlus imp
 * from org.gmmseg.segmentation import GmmSegmentation
 * from org.gmmseg.fiji import ImagePlusSegmentation
 * model = GmmSegmentation.load("/path/to/model.json")
 * ImagePlusSegmentation.labels(imp, model).show()
 * }</pre>
 */
public final class ImagePlusSegmentation {
    private ImagePlusSegmentation() {
    }

    /**
     * The images a run made; those not asked for are null.
     *
     * @param models the model of each plane (the same shared model, or one per plane)
     * @param labels {@code <title>-labels}
     * @param probabilities {@code <title>-probabilities}
     * @param overlay {@code <title>-overlay}
     */
    public record Result(List<SegmentationModel> models, ImagePlus labels, ImagePlus probabilities,
            ImagePlus overlay) {

        /** Shows the images, the label image last so that it becomes the current image. */
        public void show() {
            for (ImagePlus imp : new ImagePlus[] {probabilities, overlay, labels}) {
                if (imp != null) {
                    imp.show();
                }
            }
        }
    }

    /** One model fitted on all planes of the image, each plane a 2-D image. */
    public static SegmentationModel fit(ImagePlus imp, SegmentationOptions options) {
        return GmmSegmentation.fitShared(ImagePlusBridge.planes(imp), planeAxes(imp), options);
    }

    /**
     * K components fitted on all planes with the command's defaults for this image: features
     * {@code gray}, {@code rgb} or {@code channels} (see {@link #options}), seed 0.
     */
    public static SegmentationModel fit(ImagePlus imp, int components) {
        return fit(imp, options(imp, components));
    }

    /**
     * The options the command starts from for this image: K components, full covariances, seed 0,
     * features {@code rgb} for RGB, {@code gray} for one channel, {@code channels} for a composite;
     * change them with the {@code with*} methods, e.g. {@code options(imp, 3).withFeatures("lab")}.
     */
    public static SegmentationOptions options(ImagePlus imp, int components) {
        return SegmentationOptions.of(components).withFeatures(SegmentParameters.defaults(imp).features());
    }

    /** In one line: fits K components ({@link #fit(ImagePlus, int)}) and returns {@code <title>-labels}, not shown. */
    public static ImagePlus segment(ImagePlus imp, int components) {
        return labels(imp, fit(imp, components));
    }

    /** Fits with these options and returns {@code <title>-labels}, not shown. */
    public static ImagePlus segment(ImagePlus imp, SegmentationOptions options) {
        return labels(imp, fit(imp, options));
    }

    /** {@link #labels}: the label image with a model, e.g. one loaded from a file. */
    public static ImagePlus segment(ImagePlus imp, SegmentationModel model) {
        return labels(imp, model);
    }

    /**
     * A table of the model for printing: K, covariance type, features, and per component its
     * weight and mean, the mean also in the image's own units (0..255 for 8-bit and RGB, 0..65535
     * for 16-bit) where the features are the stored values ({@code rgb}, {@code gray},
     * {@code channels}).
     */
    public static String summary(SegmentationModel model, ImagePlus imp) {
        return ModelSummary.of(model, imp);
    }

    /** One model fitted on the whole stack as a volume (and its frames as one time series). */
    public static SegmentationModel fitVolume(ImagePlus imp, SegmentationOptions options) {
        return GmmSegmentation.fit(ImagePlusBridge.hyperstack(imp), ImagePlusBridge.axes(imp), options);
    }

    /**
     * The label image of the image with the model: {@code <title>-labels}, 8-bit for K &lt;= 255, else 16-bit.
     * A stack is labelled as a volume when the model was fitted on volumes, else plane by plane.
     */
    public static ImagePlus labels(ImagePlus imp, SegmentationModel model) {
        BatchSegmenter segmenter = new BatchSegmenter(SegmentationOptions.of(model.components()));
        return (asVolume(imp, model) ? segmentVolume(imp, segmenter, model, Outputs.LABELS_ONLY)
                : segment(imp, segmenter, model, Outputs.LABELS_ONLY)).labels();
    }

    /** The responsibilities of every component: {@code <title>-probabilities}, 32-bit; a volume as {@link #labels}. */
    public static ImagePlus probabilities(ImagePlus imp, SegmentationModel model) {
        BatchSegmenter segmenter = new BatchSegmenter(SegmentationOptions.of(model.components()));
        Outputs outputs = new Outputs(false, true, false);
        return (asVolume(imp, model) ? segmentVolume(imp, segmenter, model, outputs)
                : segment(imp, segmenter, model, outputs)).probabilities();
    }

    /**
     * The warnings of the model's {@link RangeCheck} on every plane of the image (e.g. a model of
     * 8-bit photos on a 16-bit image), each prefixed with its plane when there are several; empty
     * when every plane is in range.
     */
    public static List<String> rangeWarnings(ImagePlus imp, SegmentationModel model) {
        List<RandomAccessibleInterval<?>> planes = ImagePlusBridge.planes(imp);
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < planes.size(); i++) {
            String plane = planes.size() == 1 ? "" : "plane " + (i + 1) + ": ";
            GmmSegmentation.check(planes.get(i), model).warnings().forEach(w -> warnings.add(plane + w));
        }
        return warnings;
    }

    /**
     * Whether a stack is labelled with a model as one volume: when it has several slices and the model was fitted
     * on volumes or has the z coordinate among its features.
     */
    public static boolean asVolume(ImagePlus imp, SegmentationModel model) {
        return imp.getNSlices() > 1 && (model.features().zCoordinate()
                || model.axes().stream().anyMatch(a -> a.contains("z")));
    }

    /** The axes of each plane of {@link ImagePlusBridge#planes}: X, Y (and C for several channels), calibrated. */
    static ImageAxes planeAxes(ImagePlus imp) {
        boolean channels = imp.getNChannels() > 1 && imp.getType() != ImagePlus.COLOR_RGB;
        return ImageAxes.of(channels ? "xyc" : "xy").withCalibration(ImagePlusBridge.calibration(imp));
    }

    /**
     * Segments the whole image as one volume with the segmenter (its progress listener and cancellation apply):
     * with {@code model} when given, else fitting one model on every slice and frame with the segmenter's options
     * (use {@code +xyz} features for the z coordinate). Labels and probabilities are written into the output
     * processors plane by plane; the output images keep the image's slices, frames and calibration, the
     * probabilities with the K components as channels.
     */
    public static Result segmentVolume(ImagePlus imp, BatchSegmenter segmenter, SegmentationModel model,
            Outputs outputs) {
        RandomAccessibleInterval<?> volume = ImagePlusBridge.hyperstack(imp);
        ImageAxes axes = ImagePlusBridge.axes(imp);
        SegmentationModel m = model != null ? model : segmenter.fitShared(List.of(volume), axes);
        OutputPlanes out = OutputPlanes.of(imp, ImagePlusBridge.planeCount(imp), m.components(), outputs);
        segmenter.segment(List.of(volume), axes, m,
                out.labels.isEmpty() ? null : i -> planesAsXyzt(imp, out.labels),
                outputs.probabilities() ? i -> componentsAsXyztk(imp, out.probabilities) : null);
        return out.result(imp, List.of(m), outputs);
    }

    /** Label processors in stack order (frames outer, slices inner) as one X, Y, Z, T view. */
    private static RandomAccessibleInterval<? extends IntegerType<?>> planesAsXyzt(ImagePlus imp,
            List<ImageProcessor> planes) {
        List<RandomAccessibleInterval<UnsignedByteType>> bytes = new ArrayList<>();
        List<RandomAccessibleInterval<UnsignedShortType>> shorts = new ArrayList<>();
        for (ImageProcessor ip : planes) {
            if (ip instanceof ByteProcessor bp) {
                bytes.add(ImagePlusBridge.wrap(bp));
            } else {
                shorts.add(ImagePlusBridge.wrap((ShortProcessor) ip));
            }
        }
        return bytes.isEmpty() ? xyzt(imp, shorts) : xyzt(imp, bytes);
    }

    private static <T> RandomAccessibleInterval<T> xyzt(ImagePlus imp, List<RandomAccessibleInterval<T>> planes) {
        int slices = imp.getNSlices();
        List<RandomAccessibleInterval<T>> frames = new ArrayList<>();
        for (int t = 0; t < imp.getNFrames(); t++) {
            frames.add(Views.stack(planes.subList(t * slices, (t + 1) * slices)));
        }
        return Views.stack(frames);
    }

    /** K float processors per plane, in stack order, as one X, Y, Z, T, K view. */
    private static RandomAccessibleInterval<FloatType> componentsAsXyztk(ImagePlus imp,
            List<List<FloatProcessor>> planes) {
        List<RandomAccessibleInterval<FloatType>> xyk = new ArrayList<>();
        for (List<FloatProcessor> components : planes) {
            xyk.add(ImagePlusBridge.wrapFloats(components));
        }
        return AxisViews.arrange(xyzt(imp, xyk), ImageAxes.of("xyczt"), XYZTC);
    }

    private static final List<Axis> XYZTC = List.of(Axis.X, Axis.Y, Axis.Z, Axis.T, Axis.C);

    /** The image as displayed with the colours of a label image blended over it: {@code <title>-overlay}, RGB. */
    public static ImagePlus overlay(ImagePlus imp, ImagePlus labels) {
        if (labels.getWidth() != imp.getWidth() || labels.getHeight() != imp.getHeight()
                || labels.getStackSize() != ImagePlusBridge.planeCount(imp)) {
            throw new IllegalArgumentException("the label image does not match the image in size or planes");
        }
        List<ImageProcessor> planes = new ArrayList<>();
        for (int i = 1; i <= labels.getStackSize(); i++) {
            planes.add(labels.getStack().getProcessor(i));
        }
        return ResultImages.overlay(imp, planes);
    }

    /**
     * Segments every plane with the segmenter (its progress listener and cancellation apply):
     * with {@code model} when given, else fitting one model per plane with the segmenter's options.
     * Label and probability planes are written in place into the output processors.
     *
     * @throws IllegalArgumentException for a probability stack of several planes with one model
     *     per plane chosen among several numbers of components (the planes could differ in K)
     */
    public static Result segment(ImagePlus imp, BatchSegmenter segmenter, SegmentationModel model, Outputs outputs) {
        return segment(imp, segmenter, model, outputs, null);
    }

    /**
     * {@link #segment(ImagePlus, BatchSegmenter, SegmentationModel, Outputs)}, labelling only the
     * pixels inside a mask (non-zero): outside, labels are 0 and probabilities NaN.
     *
     * @param inside image-sized mask, or null for every pixel
     */
    static Result segment(ImagePlus imp, BatchSegmenter segmenter, SegmentationModel model, Outputs outputs,
            ByteProcessor inside) {
        List<RandomAccessibleInterval<?>> planes = ImagePlusBridge.planes(imp);
        int n = planes.size();
        if (model == null && segmenter.options().selecting() && outputs.probabilities()) {
            if (n > 1) {
                throw new IllegalArgumentException("a probability stack needs one K for every plane, but with a range "
                        + "of components each plane may get another; use a shared model or one number of components");
            }
            // K is known only after the fit, and the probability planes are made before labelling
            model = segmenter.segment(planes, planeAxes(imp), null, null, null).get(0);
        }
        int k = model != null ? model.components() : segmenter.options().maxComponents();
        OutputPlanes out = OutputPlanes.of(imp, n, k, outputs);
        List<SegmentationModel> models = segmenter.segment(planes, planeAxes(imp), model,
                out.labels.isEmpty() ? null : i -> labelView(out.labels.get(i)),
                outputs.probabilities() ? i -> ImagePlusBridge.wrapFloats(out.probabilities.get(i)) : null);
        if (inside != null) {
            RoiMasks.fillOutside(out.labels, inside, 0);
            for (List<FloatProcessor> components : out.probabilities) {
                RoiMasks.fillOutside(components, inside, Float.NaN);
            }
        }
        return out.result(imp, models, outputs);
    }

    /** The processors the labels (8-bit up to 255 components) and probabilities of every plane are written into. */
    private record OutputPlanes(List<ImageProcessor> labels, List<List<FloatProcessor>> probabilities) {
        static OutputPlanes of(ImagePlus imp, int planes, int k, Outputs outputs) {
            int w = imp.getWidth();
            int h = imp.getHeight();
            List<ImageProcessor> labels = new ArrayList<>();
            List<List<FloatProcessor>> probabilities = new ArrayList<>();
            for (int i = 0; i < planes; i++) {
                if (outputs.labels() || outputs.overlay()) {
                    labels.add(k <= 255 ? new ByteProcessor(w, h) : new ShortProcessor(w, h));
                }
                if (outputs.probabilities()) {
                    List<FloatProcessor> components = new ArrayList<>(k);
                    for (int c = 0; c < k; c++) {
                        components.add(new FloatProcessor(w, h));
                    }
                    probabilities.add(components);
                }
            }
            return new OutputPlanes(labels, probabilities);
        }

        Result result(ImagePlus imp, List<SegmentationModel> models, Outputs outputs) {
            return new Result(models,
                    outputs.labels() ? ResultImages.labels(imp, labels) : null,
                    outputs.probabilities() ? ResultImages.probabilities(imp, probabilities) : null,
                    outputs.overlay() ? ResultImages.overlay(imp, labels) : null);
        }
    }

    private static RandomAccessibleInterval<? extends IntegerType<?>> labelView(ImageProcessor ip) {
        return ip instanceof ByteProcessor bp ? ImagePlusBridge.wrap(bp) : ImagePlusBridge.wrap((ShortProcessor) ip);
    }
}
