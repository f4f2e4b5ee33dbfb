package org.gmmseg.segmentation.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.real.FloatType;

import org.gmmseg.core.io.FileNames;
import org.gmmseg.segmentation.plot.CriterionPlot;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.Segmenter;
import org.gmmseg.segmentation.features.ImagePixels;
import org.gmmseg.segmentation.io.ImageWriter;
import org.gmmseg.segmentation.io.MaskFormat;
import org.gmmseg.segmentation.label.Overlays;

/**
 * The files a batch writes for one image, below the output folder: {@code STEM_labels.png|tif},
 * and optionally {@code STEM_model.json}, {@code STEM_probabilities.tif} and
 * {@code STEM_overlay.png}. Each file is written to a temporary file and renamed; the label file
 * is written last, so that an image counts as done exactly when its label file exists. With a
 * model selection, {@code STEM_selection.svg|png} is the criterion plot.
 *
 * @param labels the label image
 * @param format its format
 * @param model the image's model file, or null when the batch does not write one per image
 * @param probabilities the probability stack, or null
 * @param overlay the overlay, or null
 * @param plot the criterion plot of the image's model selection, or null
 */
public record OutputFiles(Path labels, MaskFormat format, Path model, Path probabilities, Path overlay, Path plot) {
    /** Opacity of the label colours in overlays. */
    public static final double OVERLAY_OPACITY = 0.5;

    /**
     * The files of the image with the given stem (its path below the output folder, without
     * extension).
     */
    public static OutputFiles of(OutputLayout layout, Path stem) {
        Path folder = layout.folder();
        MaskFormat format = layout.maskFormat();
        return new OutputFiles(file(folder, stem, "_labels." + format.extension()), format,
                layout.modelPerImage() ? file(folder, stem, "_model.json") : null,
                layout.probabilities() ? file(folder, stem, "_probabilities.tif") : null,
                layout.overlay() ? file(folder, stem, "_overlay.png") : null,
                layout.plotExtension() != null ? file(folder, stem, "_selection." + layout.plotExtension()) : null);
    }

    /** Suffixes of every file a batch may write for an image, whatever its options. */
    private static final List<String> SUFFIXES = List.of("_labels.png", "_labels.tif", "_model.json",
            "_probabilities.tif", "_overlay.png", "_selection.svg", "_selection.png");

    /** Every file any batch may write for the image with this stem, e.g. to remove those of another run. */
    static List<Path> possible(Path folder, Path stem) {
        return SUFFIXES.stream().map(suffix -> file(folder, stem, suffix)).toList();
    }

    private static Path file(Path folder, Path stem, String suffix) {
        return folder.resolve(FileNames.renamed(stem, "", suffix));
    }

    /** Every file, label file last. */
    public List<Path> all() {
        List<Path> files = new ArrayList<>(4);
        for (Path p : new Path[] {model, plot, probabilities, overlay, labels}) {
            if (p != null) {
                files.add(p);
            }
        }
        return files;
    }

    /**
     * Labels the image with the model and writes the files: the model (when one per image), the
     * criterion plot (when asked for and the model was selected), the probabilities, the overlay,
     * and the labels last.
     */
    public void write(ImagePixels image, SegmentationModel model, int threads) throws IOException {
        if (this.model != null) {
            model.save(this.model);
        }
        if (plot != null && model.selection() != null) {
            CriterionPlot.write(plot, model.selection());
        }
        int k = model.components();
        int w = image.width();
        int h = image.height();
        if (probabilities != null) {
            Img<FloatType> p = ArrayImgs.floats(w, h, k);
            Segmenter.probabilities(image, model, p, threads);
            ImageWriter.writeProbabilities(probabilities, p);
        }
        Img<? extends IntegerType<?>> labelImage = k <= 255 ? ArrayImgs.unsignedBytes(w, h) : ArrayImgs.unsignedShorts(w, h);
        Segmenter.label(image, model, labelImage, threads);
        if (overlay != null) {
            ImageWriter.writeRgb(overlay, Overlays.blend(image, labelImage, OVERLAY_OPACITY), w, h);
        }
        ImageWriter.writeLabels(labels, labelImage, format, k);
    }
}
