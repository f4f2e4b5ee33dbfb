package org.gmmseg.samples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.gmmseg.segmentation.GmmSegmentation;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.SegmentationOptions;
import org.gmmseg.segmentation.Segmenter;
import org.gmmseg.segmentation.features.ImagePixels;
import org.gmmseg.segmentation.io.ImageData;
import org.gmmseg.segmentation.io.ImageReader;
import org.gmmseg.segmentation.io.ImageWriter;

/**
 * Writes the posterior probability of every component at every pixel (the responsibilities of
 * the EM E-step) as a 32-bit TIFF stack, one page per component, e.g. for soft masks or for
 * thresholding one class at a chosen confidence. Uses a saved model when one is given, else fits
 * 3 components.
 *
 * <pre>
 * java -cp ... org.gmmseg.samples.ExportProbabilities cells.png cells-probabilities.tif [model.json]
 * </pre>
 */
public final class ExportProbabilities {
    private ExportProbabilities() {
    }

    /** Arguments: image, output TIFF, optional model file. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ExportProbabilities <image> <probabilities.tif> [model.json]");
            return;
        }
        ImageData image = ImageReader.read(Path.of(args[0]));
        ImagePixels pixels = GmmSegmentation.pixels(image);
        SegmentationOptions options = SegmentationOptions.of(3).withFeatures("lab").withSeed(1);
        SegmentationModel model = args.length > 2 ? SegmentationModel.load(Path.of(args[2]))
                : Segmenter.fit(List.of(pixels), options.features(), options.fit(), options.maxSamples()).model();

        // X x Y x K floats; every pixel's values sum to 1 (NaN where a pixel was left out)
        Img<FloatType> probabilities = ArrayImgs.floats(image.width(), image.height(), model.components());
        Segmenter.probabilities(pixels, model, probabilities, Runtime.getRuntime().availableProcessors());
        ImageWriter.writeProbabilities(Path.of(args[1]), probabilities);

        for (int k = 0; k < model.components(); k++) {
            double sum = 0;
            long n = 0;
            for (FloatType p : Views.hyperSlice(probabilities, 2, k)) {
                if (!Float.isNaN(p.get())) {
                    sum += p.get();
                    n++;
                }
            }
            System.out.printf("component %d: weight %.3f, mean probability %.3f%n", k + 1, model.mixture().weight(k),
                    sum / n);
        }
        System.out.println("wrote " + args[1]);
    }
}
