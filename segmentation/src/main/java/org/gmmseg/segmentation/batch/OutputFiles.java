package org.gmmseg.segmentation.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

import org.gmmseg.core.FitMonitor;
import org.gmmseg.core.io.FileNames;
import org.gmmseg.segmentation.plot.CriterionPlot;
import org.gmmseg.segmentation.Monitor;
import org.gmmseg.segmentation.MrfLabelling;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.Segmenter;
import org.gmmseg.segmentation.axes.ImageAxes;
import org.gmmseg.segmentation.features.ImagePixels;
import org.gmmseg.segmentation.io.ImageWriter;
import org.gmmseg.segmentation.io.MaskFormat;
import org.gmmseg.segmentation.label.Overlays;

/**
 * The files a batch writes for one image, below the output folder: {@code STEM_labels.png|tif},
 * and optionally {@code STEM_model.json}, {@code STEM_probabilities.tif} and
 * {@code STEM_overlay.png} ({@code .tif} for a volume or time series). Each file is written to a
 * temporary file and renamed; the label file is written last, so that an image counts as done exactly
 * when its label file exists. With a model selection, {@code STEM_selection.svg|png} is the criterion
 * plot. When the frames of a time series are fitted one by one, each frame's model and plot get the
 * frame's number: {@code STEM_model_t001.json}.
 *
 * <p>Without a mask format, labels are PNG for a 2-D image and TIFF for a volume or time series;
 * since that is known only once the image is read, {@link #labels()} is the PNG and
 * {@link #labels(boolean)} chooses.
 *
 * @param labels the label image (the 2-D one, when the format is chosen by image)
 * @param format its format, or null for PNG for 2-D images and TIFF for others
 * @param model the image's model file, or null when the batch does not write one per image
 * @param probabilities the probability stack, or null
 * @param overlay the overlay of a 2-D image (a PNG), or null
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
        return new OutputFiles(file(folder, stem, "_labels." + (format == null ? MaskFormat.PNG : format).extension()),
                format,
                layout.modelPerImage() ? file(folder, stem, "_model.json") : null,
                layout.probabilities() ? file(folder, stem, "_probabilities.tif") : null,
                layout.overlay() ? file(folder, stem, "_overlay.png") : null,
                layout.plotExtension() != null ? file(folder, stem, "_selection." + layout.plotExtension()) : null);
    }

    /** Suffixes of every file a batch may write for an image, whatever its options (but frame numbers). */
    private static final List<String> SUFFIXES = List.of("_labels.png", "_labels.tif", "_model.json",
            "_probabilities.tif", "_overlay.png", "_overlay.tif", "_selection.svg", "_selection.png");

    /**
     * Every file any batch may write for the image with this stem, e.g. to remove those of another run: with
     * {@code numbered}, also the models and plots of its frames that exist ({@code STEM_model_t001.json}, ...).
     */
    static List<Path> possible(Path folder, Path stem, boolean numbered) {
        List<Path> files = new ArrayList<>();
        for (String suffix : SUFFIXES) {
            Path file = file(folder, stem, suffix);
            files.add(file);
            if (numbered && (suffix.startsWith("_model") || suffix.startsWith("_selection"))) {
                files.addAll(existingFrames(file));
            }
        }
        return files;
    }

    /** Every file any batch may write for the image with this stem (without frame numbers). */
    static List<Path> possible(Path folder, Path stem) {
        return possible(folder, stem, false);
    }

    /** The numbered files of frames 1, 2, ... of {@code file} that exist, up to the first missing. */
    private static List<Path> existingFrames(Path file) {
        List<Path> found = new ArrayList<>();
        for (int digits = 3; digits <= 5; digits++) {
            for (int t = 0; Files.exists(numberedWith(file, t, digits)); t++) {
                found.add(numberedWith(file, t, digits));
            }
        }
        return found;
    }

    /**
     * Whether every file asked for exists beside these labels (a label file of {@link #existingLabels}): the
     * overlay of their kind, and the model or the models of the frames (the first frame's stands for them).
     */
    public boolean present(Path labels) {
        boolean planar = labels.equals(labels(true));
        for (Path p : new Path[] {model, plot, probabilities, overlay(planar)}) {
            if (p != null && !Files.exists(p) && (p != model && p != plot || existingFrames(p).isEmpty())) {
                return false;
            }
        }
        return Files.exists(labels);
    }

    private static Path file(Path folder, Path stem, String suffix) {
        return folder.resolve(FileNames.renamed(stem, "", suffix));
    }

    /** The label file of a 2-D image ({@code planar}) or of a volume or time series. */
    public Path labels(boolean planar) {
        return format == null && !planar ? withExtension(labels, MaskFormat.TIF.extension()) : labels;
    }

    /** The overlay of a 2-D image (PNG) or of a volume or time series (a TIFF stack); null when none is written. */
    public Path overlay(boolean planar) {
        return overlay == null || planar ? overlay : withExtension(overlay, "tif");
    }

    private static Path withExtension(Path file, String extension) {
        return file.resolveSibling(FileNames.renamed(FileNames.withoutExtension(file), "", "." + extension));
    }

    /** The label file that exists, of those this image may have; null when none does. */
    public Path existingLabels() {
        for (Path p : format == null ? List.of(labels(true), labels(false)) : List.of(labels)) {
            if (Files.exists(p)) {
                return p;
            }
        }
        return null;
    }

    /** Every file the image may get, label files last. */
    public List<Path> all() {
        List<Path> files = new ArrayList<>(6);
        for (Path p : new Path[] {model, plot, probabilities, overlay(true), overlay(false), labels(true),
            labels(false)}) {
            if (p != null && !files.contains(p)) {
                files.add(p);
            }
        }
        return files;
    }

    /**
     * Labels the image with the model and writes the files: the model (when one per image), the
     * criterion plot (when asked for and the model was selected), the probabilities, the overlay,
     * and the labels last.
     *
     * @return the label file written
     */
    public Path write(ImagePixels image, SegmentationModel model, int threads) throws IOException {
        return write(image, List.of(model), threads);
    }

    /**
     * Labels the image and writes its files, with one model for the whole image or one model for each of its
     * frames (then each model file and plot gets the frame's number).
     *
     * @param models one model, or one per frame
     * @return the label file written
     * @throws IllegalArgumentException when PNG labels are asked for a volume or time series, or the models of the
     *     frames have different numbers of components and probabilities are asked for
     */
    public Path write(ImagePixels image, List<SegmentationModel> models, int threads) throws IOException {
        return write(image, models, null, threads);
    }

    /**
     * Writes the files as {@link #write(ImagePixels, SegmentationModel, int)} from an image labelled by
     * HMRF-EM: its model, its labels and its responsibilities.
     *
     * @return the label file written
     */
    public Path write(ImagePixels image, MrfLabelling mrf, int threads) throws IOException {
        return write(image, List.of(mrf.model()), List.of(mrf), threads);
    }

    /** {@link #write(ImagePixels, List, int)}, with the HMRF labellings already run for the models, or null. */
    private Path write(ImagePixels image, List<SegmentationModel> models, List<MrfLabelling> given, int threads)
            throws IOException {
        boolean planar = image.depth() == 1 && image.frames() == 1;
        if (format == MaskFormat.PNG && !planar) {
            throw new IllegalArgumentException("PNG labels hold one plane, but this image is " + image.shape()
                    + "; write TIFF labels (--mask-format tif, or no --mask-format)");
        }
        boolean perFrame = models.size() > 1;
        if (models.size() != 1 && models.size() != image.frames()) {
            throw new IllegalArgumentException(models.size() + " models for " + image.frames() + " frames");
        }
        int k = models.stream().mapToInt(SegmentationModel::components).max().getAsInt();
        if (probabilities != null && models.stream().mapToInt(SegmentationModel::components).distinct().count() > 1) {
            throw new IllegalArgumentException("the frames' models have different numbers of components, so their "
                    + "probabilities do not fit one stack; use one number of components");
        }
        // the image is checked against the models (and smoothed) before any file is written
        List<Segmenter.Prepared> prepared = new ArrayList<>(models.size());
        for (int i = 0; i < models.size(); i++) {
            prepared.add(Segmenter.prepare(perFrame ? image.frame(i) : image, models.get(i)));
        }
        // a model with a Potts prior labels by its mean-field sweeps, run once for labels and probabilities
        List<MrfLabelling> mrfs = new ArrayList<>(models.size());
        for (int i = 0; i < models.size(); i++) {
            mrfs.add(given != null ? given.get(i) : models.get(i).mrf().active()
                    ? prepared.get(i).mrf(false, threads, FitMonitor.NONE) : null);
        }
        for (int i = 0; i < models.size(); i++) {
            if (this.model != null) {
                models.get(i).save(perFrame ? numbered(this.model, i, models.size()) : this.model);
            }
            if (plot != null && models.get(i).selection() != null) {
                CriterionPlot.write(perFrame ? numbered(plot, i, models.size()) : plot, models.get(i).selection());
            }
        }
        if (probabilities != null) {
            writeProbabilities(image, prepared, mrfs, k, threads);
        }
        long[] dims = {image.width(), image.height(), image.depth(), image.frames()};
        Img<? extends IntegerType<?>> labelImage = k <= 255 ? ArrayImgs.unsignedBytes(dims) : ArrayImgs.unsignedShorts(dims);
        for (int i = 0; i < prepared.size(); i++) {
            RandomAccessibleInterval<? extends IntegerType<?>> out = labelImage;
            if (perFrame) { // the frame's labels: X, Y and Z when there are several slices
                out = Views.hyperSlice(labelImage, 3, i);
                out = image.depth() == 1 ? Views.hyperSlice(out, 2, 0) : out;
            }
            if (mrfs.get(i) != null) {
                mrfs.get(i).label(out);
            } else {
                prepared.get(i).label(out, threads, Monitor.NONE);
            }
        }
        if (overlay != null) {
            Overlays.Blender blender = Overlays.blender(image, labelImage, OVERLAY_OPACITY);
            if (planar) {
                ImageWriter.writeRgb(overlay(true), blender.plane(0, 0), image.width(), image.height());
            } else {
                ImageWriter.writeRgbStack(overlay(false), image.width(), image.height(), image.depth(), image.frames(),
                        image.calibration(), p -> blender.plane(p % image.depth(), p / image.depth()));
            }
        }
        Path labelFile = labels(planar);
        ImageWriter.writeLabels(labelFile, labelImage, ImageAxes.of("xyzt").withCalibration(image.calibration()),
                format == null ? planar ? MaskFormat.PNG : MaskFormat.TIF : format, k);
        return labelFile;
    }

    /** The probabilities, plane by plane as the TIFF's pages need them: never the whole image x K in memory. */
    private void writeProbabilities(ImagePixels image, List<Segmenter.Prepared> prepared, List<MrfLabelling> mrfs,
            int k, int threads) throws IOException {
        int w = image.width();
        int h = image.height();
        int depth = image.depth();
        float[][] plane = new float[k][w * h];
        int[] cached = {-1};
        ImageWriter.writeProbabilities(probabilities, w, h, k, depth, image.frames(), image.calibration(),
                (c, z, t, out) -> {
                    int index = z + depth * t;
                    if (cached[0] != index) {
                        int i = prepared.size() > 1 ? t : 0;
                        int from = prepared.size() > 1 ? z * h : index * h;
                        if (mrfs.get(i) != null) {
                            mrfs.get(i).probabilities(from, from + h, plane);
                        } else {
                            prepared.get(i).probabilities(from, from + h, plane, threads);
                        }
                        cached[0] = index;
                    }
                    System.arraycopy(plane[c], 0, out, 0, w * h);
                });
    }

    /** {@code dir/NAME_model.json} as {@code dir/NAME_model_t001.json} for frame 0 of up to 999. */
    static Path numbered(Path file, int frame, int frames) {
        return numberedWith(file, frame, Math.max(3, Integer.toString(frames).length()));
    }

    private static Path numberedWith(Path file, int frame, int digits) {
        String name = file.getFileName().toString();
        String extension = name.lastIndexOf('.') > 0 ? name.substring(name.lastIndexOf('.')) : "";
        String number = "_t" + String.format(Locale.ROOT, "%0" + digits + "d", frame + 1);
        return file.resolveSibling(FileNames.renamed(FileNames.withoutExtension(file), "", number + extension));
    }
}
