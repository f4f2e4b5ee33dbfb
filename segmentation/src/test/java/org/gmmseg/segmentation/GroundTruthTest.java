package org.gmmseg.segmentation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;

import org.gmmseg.core.FitOptions;
import org.gmmseg.segmentation.eval.AdjustedRandIndex;
import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.features.ImagePixels;
import org.gmmseg.segmentation.io.ImageData;
import org.gmmseg.segmentation.io.ImageReader;
import org.gmmseg.segmentation.io.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Segmentation quality against human ground truth (DSB 2018 nuclei, foreground masks), compared
 * with scikit-learn's GaussianMixture on the same RGB features and K = 2: the reference ARIs were
 * computed once with ../shared/bench (sklearn_segment.py + ari.py) and are committed in
 * reference/sklearn_ari.json.
 */
class GroundTruthTest {
    private static final String[] BUNDLED = {"00ae65c1", "df53d0b6"};
    /** Equal labelings give equal scores up to the rounding of the ARI formula in two languages. */
    private static final double ROUNDING = 1e-9;

    static double ari(Path image, Path mask) throws IOException {
        ImageData data = ImageReader.read(image);
        ImagePixels pixels = GmmSegmentation.pixels(data);
        Segmenter.Fit fit = Segmenter.fit(List.of(pixels), FeatureSpec.rgb(), FitOptions.of(2).withThreads(2), 0);
        var labels = ArrayImgs.unsignedBytes(pixels.width(), pixels.height());
        Segmenter.label(pixels, fit.model(), labels, 2);
        ImageData truth = ImageReader.read(mask);
        int[] t = flatten(truth.pixels());
        int[] p = new int[t.length];
        int i = 0;
        for (IntegerType<?> v : labels) {
            p[i++] = v.getInteger();
        }
        return AdjustedRandIndex.of(t, p);
    }

    @SuppressWarnings("unchecked")
    private static int[] flatten(net.imglib2.RandomAccessibleInterval<?> rai) {
        List<Integer> out = new ArrayList<>();
        for (Object v : net.imglib2.view.Views.flatIterable((net.imglib2.RandomAccessibleInterval<Object>) rai)) {
            out.add((int) ((net.imglib2.type.numeric.RealType<?>) v).getRealDouble());
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static Map<String, Double> reference() throws IOException {
        try (InputStream in = GroundTruthTest.class.getResourceAsStream("/reference/sklearn_ari.json")) {
            JsonNode images = new ObjectMapper().readTree(in).get("sets").get("dsb2018").get("images");
            Map<String, Double> out = new TreeMap<>();
            images.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asDouble()));
            return out;
        }
    }

    @Test
    void bundledGroundTruthImagesScoreAtLeastScikitLearn() throws IOException {
        Map<String, Double> ref = reference();
        Path dir = Path.of("..", "samples", "groundtruth");
        for (String id : BUNDLED) {
            double ours = ari(dir.resolve(id + ".png"), dir.resolve(id + "_mask.png"));
            assertTrue(ours >= ref.get(id) - ROUNDING, id + ": ARI " + ours + " < scikit-learn's " + ref.get(id));
        }
    }

    @Test
    void wholeDsb2018SetScoresAtLeastScikitLearnOnAverage() throws IOException {
        Map<String, Double> ref = reference();
        double ours = 0;
        double theirs = 0;
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, Double> e : ref.entrySet()) {
            Path image = SharedData.file("groundtruth/dsb2018/" + e.getKey() + ".png");
            double a = ari(image, image.resolveSibling(e.getKey() + "_mask.png"));
            ours += a;
            theirs += e.getValue();
            report.append(String.format("%s ours=%.4f sklearn=%.4f%n", e.getKey(), a, e.getValue()));
        }
        System.out.print(report);
        System.out.printf("mean ours=%.4f sklearn=%.4f%n", ours / ref.size(), theirs / ref.size());
        assertTrue(ours >= theirs - ROUNDING, "mean ARI " + ours / ref.size() + " < scikit-learn's " + theirs / ref.size() + "\n" + report);
    }
}
