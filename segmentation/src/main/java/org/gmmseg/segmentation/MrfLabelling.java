package org.gmmseg.segmentation;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;

import org.gmmseg.core.ChunkedExecutor;
import org.gmmseg.core.FitMonitor;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.em.HmrfFitter;
import org.gmmseg.core.em.HmrfOptions;
import org.gmmseg.core.em.HmrfResult;
import org.gmmseg.core.em.PixelFeatures;
import org.gmmseg.core.em.PixelGrid;
import org.gmmseg.segmentation.features.FeaturePipeline;
import org.gmmseg.segmentation.features.ImagePixels;

/**
 * An image labelled by HMRF-EM with its model's Potts prior ({@link Mrf}): the responsibilities
 * of every pixel after the mean-field sweeps, from which labels (their argmax) and probabilities
 * are written. Made by {@link Segmenter#mrf}.
 *
 * <p>Memory: the features of every pixel as floats (4 D bytes a pixel) while the sweeps run, and
 * K floats a pixel twice (previous and current sweep), of which one set is kept here.
 * Immutable after construction; its methods may run concurrently.
 */
public final class MrfLabelling {
    private final SegmentationModel model;
    private final HmrfResult result;
    /** Result component of label i (zero-based): the refined mixture may sort differently. */
    private final int[] order;
    private final int width;
    private final int height;

    private MrfLabelling(SegmentationModel model, HmrfResult result, int[] order, int width, int height) {
        this.model = model;
        this.result = result;
        this.order = order;
        this.width = width;
        this.height = height;
    }

    /** See {@link Segmenter#mrf}. */
    static MrfLabelling run(ImagePixels image, SegmentationModel model, boolean updateModel, int threads,
            FitMonitor monitor) {
        Mrf mrf = model.mrf();
        if (!mrf.active()) {
            throw new IllegalArgumentException("the model has no MRF (BETA 0)");
        }
        ImagePixels pixels = image.smoothed(model.features().smoothingSigma());
        FeaturePipeline pipeline = model.pipeline();
        int w = pixels.width();
        int h = pixels.height();
        int d = pipeline.dimension();
        if ((long) w * h * Math.max(d, model.components()) > Integer.MAX_VALUE - 8) {
            throw new GmmException("an image of " + w + " x " + h + " pixels is too large for --mrf (at most 2^31 "
                    + "features or responsibilities); segment it in parts");
        }
        float[] features = new float[w * h * d];
        boolean[] valid = new boolean[w * h];
        int extent = Math.max(w, h);
        try (ChunkedExecutor rows = new ChunkedExecutor(h, threads, 16)) {
            rows.forEachChunk((chunk, from, to, worker) -> {
                double[][] row = new double[pixels.colorChannels()][w];
                boolean[] rowValid = new boolean[w];
                double[] f = new double[w * d];
                for (int y = from; y < to; y++) {
                    pixels.readRow(y, row, rowValid);
                    pipeline.compute(row, y, w, extent, f);
                    System.arraycopy(rowValid, 0, valid, y * w, w);
                    for (int i = 0; i < w * d; i++) {
                        features[y * w * d + i] = (float) f[i];
                    }
                }
            });
        }
        HmrfOptions options = HmrfOptions.of(mrf.beta()).withAutoBeta(mrf.auto()).withUpdateModel(updateModel)
                .withThreads(threads).withMonitor(monitor);
        HmrfResult result = HmrfFitter.fit(model.mixture(), PixelGrid.of(w, h), PixelFeatures.of(features, d, valid),
                options);
        Mrf done = new Mrf(result.beta(), mrf.auto(), updateModel ? result.sweeps() : mrf.sweeps());
        SegmentationModel refined = updateModel ? model.refined(result.model(), done) : model;
        return new MrfLabelling(refined, result, order(refined.mixture(), result.model()), w, h);
    }

    /** For each component of {@code sorted}, the index of the component of {@code fitted} with the same mean. */
    private static int[] order(GaussianMixture sorted, GaussianMixture fitted) {
        int k = sorted.components();
        int[] order = new int[k];
        boolean[] used = new boolean[k];
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < k; c++) {
                if (!used[c] && java.util.Arrays.equals(sorted.mean(i), fitted.mean(c))) {
                    order[i] = c;
                    used[c] = true;
                    break;
                }
            }
        }
        return order;
    }

    /**
     * The model that labelled: when the sweeps re-estimated it (segmenting), its refined means and
     * covariances with the BETA used and the sweeps done; otherwise the model as given.
     */
    public SegmentationModel model() {
        return model;
    }

    /** Mean-field sweeps done. */
    public int sweeps() {
        return result.sweeps();
    }

    /** BETA used (the estimate with auto). */
    public double beta() {
        return result.beta();
    }

    /** Labels 1..K (argmax of the final responsibilities), 0 at excluded pixels, into an X x Y interval. */
    public void label(RandomAccessibleInterval<? extends IntegerType<?>> out) {
        int[] labelOf = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            labelOf[order[i]] = i + 1;
        }
        RandomAccess<? extends IntegerType<?>> ra = out.randomAccess();
        for (int y = 0; y < height; y++) {
            ra.setPosition(out.min(0), 0);
            ra.setPosition(out.min(1) + y, 1);
            for (int x = 0; x < width; x++) {
                int c = result.label(y * width + x);
                ra.get().setInteger(c < 0 ? 0 : labelOf[c]);
                ra.fwd(0);
            }
        }
    }

    /** The final responsibilities into an X x Y x K interval; NaN at excluded pixels. */
    public void probabilities(RandomAccessibleInterval<? extends RealType<?>> out) {
        int k = order.length;
        float[] r = result.responsibilities();
        RandomAccess<? extends RealType<?>> ra = out.randomAccess();
        for (int c = 0; c < k; c++) {
            ra.setPosition(out.min(2) + c, 2);
            for (int y = 0; y < height; y++) {
                ra.setPosition(out.min(0), 0);
                ra.setPosition(out.min(1) + y, 1);
                for (int x = 0; x < width; x++) {
                    int n = y * width + x;
                    ra.get().setReal(result.label(n) < 0 ? Float.NaN : r[n * k + order[c]]);
                    ra.fwd(0);
                }
            }
        }
    }
}
