package org.gmmseg.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.gmmseg.segmentation.GmmSegmentation;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.SegmentationOptions;
import org.gmmseg.segmentation.Segmenter;
import org.gmmseg.segmentation.features.ImagePixels;
import org.gmmseg.segmentation.io.ImageData;
import org.gmmseg.segmentation.io.ImageReader;
import org.gmmseg.segmentation.io.ImageWriter;
import org.gmmseg.segmentation.io.MaskFormat;

/**
 * Fits one model on all images of a folder, so that a label means the same class in every image,
 * saves the model and writes {@code <name>-labels.png} for each image.
 *
 * <pre>
 * java -cp ... org.gmmseg.samples.SharedModelOnFolder my-images/ out/ 3
 * </pre>
 */
public final class SharedModelOnFolder {
    /** Pixels per image used for the fit: enough for a few components, fast on large images. */
    static final long SAMPLES_PER_IMAGE = 50_000;

    private SharedModelOnFolder() {
    }

    /** Arguments: input folder, output folder, optional number of components (3) and features (lab). */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: SharedModelOnFolder <input folder> <output folder> [components=3] [features=lab]");
            return;
        }
        Path inputs = Path.of(args[0]);
        Path outputs = Path.of(args[1]);
        int components = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String features = args.length > 3 ? args[3] : "lab";

        List<Path> files;
        try (Stream<Path> list = Files.list(inputs)) {
            files = list.filter(SharedModelOnFolder::isImage).sorted().toList();
        }
        if (files.isEmpty()) {
            System.err.println("no images in " + inputs);
            return;
        }

        // the images must be of one kind (same number of channels) for a shared model
        List<ImagePixels> images = new ArrayList<>();
        for (Path file : files) {
            ImageData image = ImageReader.read(file);
            System.out.println("read " + file.getFileName() + ": " + image);
            images.add(GmmSegmentation.pixels(image));
        }

        SegmentationOptions options = SegmentationOptions.of(components).withFeatures(features).withSeed(1)
                .withMaxSamples(SAMPLES_PER_IMAGE);
        Segmenter.Fit fit = Segmenter.fit(images, options.features(), options.fit(), options.maxSamples());
        SegmentationModel model = fit.model();
        Files.createDirectories(outputs);
        model.save(outputs.resolve("model.json"));
        System.out.printf("shared model: %d components, fitted on %d pixels (%d distinct)%n", model.components(),
                fit.pixels(), fit.distinct());

        for (int i = 0; i < files.size(); i++) {
            ImagePixels pixels = images.get(i);
            Img<UnsignedByteType> labels = ArrayImgs.unsignedBytes(pixels.width(), pixels.height());
            Segmenter.label(pixels, model, labels, options.fit().threads());
            Path out = outputs.resolve(baseName(files.get(i)) + "-labels.png");
            ImageWriter.writeLabels(out, labels, MaskFormat.PNG, model.components());
            System.out.println("wrote " + out);
        }
    }

    static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && Stream.of(".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif")
                .anyMatch(name::endsWith);
    }

    static String baseName(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
