package org.gmmseg.samples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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
 * Reads an image file, fits a Gaussian mixture to its colours and writes the label image.
 *
 * <pre>
 * java -cp ... org.gmmseg.samples.SegmentOneImage samples/data/skimage_coffee.png coffee-labels.png 4 lab
 * </pre>
 */
public final class SegmentOneImage {
    private SegmentOneImage() {
    }

    /** Arguments: image, output PNG, optional number of components (3) and features (lab). */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: SegmentOneImage <image> <labels.png> [components=3] [features=lab]");
            return;
        }
        Path input = Path.of(args[0]);
        Path output = Path.of(args[1]);
        int components = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String features = args.length > 3 ? args[3] : "lab";

        // X, Y, C pixels; an alpha channel, if any, marks pixels to leave out
        ImageData image = ImageReader.read(input);
        ImagePixels pixels = GmmSegmentation.pixels(image);

        SegmentationOptions options = SegmentationOptions.of(components).withFeatures(features).withSeed(1);
        SegmentationModel model = Segmenter.fit(List.of(pixels), options.features(), options.fit(),
                options.maxSamples()).model();

        // labels 1..K in component order (sorted by the mean of the first feature), 0 = left out
        Img<UnsignedByteType> labels = ArrayImgs.unsignedBytes(image.width(), image.height());
        Segmenter.label(pixels, model, labels, options.fit().threads());
        ImageWriter.writeLabels(output, labels, MaskFormat.PNG, model.components());

        System.out.printf("%s (%s): %d components on %s, %d EM iterations, converged %s -> %s%n", input.getFileName(),
                image, model.components(), model.pipeline().names(), model.fit().iterations(),
                model.fit().converged(), output);
    }
}
