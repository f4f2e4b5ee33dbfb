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

import org.gmmseg.segmentation.BatchSegmenter;
import org.gmmseg.segmentation.GmmSegmentation;
import org.gmmseg.segmentation.RangeCheck;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.SegmentationOptions;

/**
 * Gaussian-mixture segmentation of ImageJ images ({@link ImagePlus}), for scripts and the
 * commands. Every plane (slice and time point) is segmented with all its channels as features;
 * 8-bit, 16-bit, 32-bit, RGB and multi-channel images are accepted (see {@link ImagePlusBridge}).
 * Pixels are read in place, not copied. Results are new images, not shown.
 *
 * <p>Groovy (Fiji script editor):
 * <pre>{@code
 * #@ ImagePlus imp
 * import org.gmmseg.segmentation.SegmentationOptions
 * import org.gmmseg.fiji.ImagePlusSegmentation
 *
 * def model = ImagePlusSegmentation.fit(imp, SegmentationOptions.of(3).withFeatures("lab").withSeed(1))
 * ImagePlusSegmentation.labels(imp, model).show()
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

    /** One model fitted on all planes of the image. */
    public static SegmentationModel fit(ImagePlus imp, SegmentationOptions options) {
        return GmmSegmentation.fitShared(ImagePlusBridge.planes(imp), options);
    }

    /** The label image of every plane with the model: {@code <title>-labels}, 8-bit for K &lt;= 255, else 16-bit. */
    public static ImagePlus labels(ImagePlus imp, SegmentationModel model) {
        return segment(imp, new BatchSegmenter(SegmentationOptions.of(model.components())), model,
                Outputs.LABELS_ONLY).labels();
    }

    /** The responsibilities of every component: {@code <title>-probabilities}, 32-bit. */
    public static ImagePlus probabilities(ImagePlus imp, SegmentationModel model) {
        return segment(imp, new BatchSegmenter(SegmentationOptions.of(model.components())), model,
                new Outputs(false, true, false)).probabilities();
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
        List<RandomAccessibleInterval<?>> planes = ImagePlusBridge.planes(imp);
        int n = planes.size();
        if (model == null && segmenter.options().selecting() && outputs.probabilities()) {
            if (n > 1) {
                throw new IllegalArgumentException("a probability stack needs one K for every plane, but with a range "
                        + "of components each plane may get another; use a shared model or one number of components");
            }
            // K is known only after the fit, and the probability planes are made before labelling
            model = segmenter.segment(planes, null, null, null).get(0);
        }
        int k = model != null ? model.components() : segmenter.options().maxComponents();
        int w = imp.getWidth();
        int h = imp.getHeight();
        boolean needLabels = outputs.labels() || outputs.overlay();
        List<ImageProcessor> labels = new ArrayList<>();
        List<List<FloatProcessor>> probabilities = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (needLabels) {
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
        List<SegmentationModel> models = segmenter.segment(planes, model,
                needLabels ? i -> labelView(labels.get(i)) : null,
                outputs.probabilities() ? i -> ImagePlusBridge.wrapFloats(probabilities.get(i)) : null);
        return new Result(models,
                outputs.labels() ? ResultImages.labels(imp, labels) : null,
                outputs.probabilities() ? ResultImages.probabilities(imp, probabilities) : null,
                outputs.overlay() ? ResultImages.overlay(imp, labels) : null);
    }

    private static RandomAccessibleInterval<? extends IntegerType<?>> labelView(ImageProcessor ip) {
        return ip instanceof ByteProcessor bp ? ImagePlusBridge.wrap(bp) : ImagePlusBridge.wrap((ShortProcessor) ip);
    }
}
