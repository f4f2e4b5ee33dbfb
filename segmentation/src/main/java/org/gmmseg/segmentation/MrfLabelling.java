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
import org.gmmseg.segmentation.axes.Calibration;
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
    /** The image labelled (prepared for the model), for the shape of its outputs. */
    private final ImagePixels image;
    private final HmrfResult result;
    /** Result component of label i (zero-based): the refined mixture may sort differently. */
    private final int[] order;
    private final int width;
    /** Rows: plane height x depth x frames. */
    private final int height;
    private final int planeHeight;
    private final int depth;

    private MrfLabelling(ImagePixels image, SegmentationModel model, HmrfResult result, int[] order, int width, int height,
            int planeHeight, int depth) {
        this.image = image;
        this.model = model;
        this.result = result;
        this.order = order;
        this.width = width;
        this.height = height;
        this.planeHeight = planeHeight;
        this.depth = depth;
    }

    /**
     * See {@link Segmenter#mrf}; {@code pixels} is the image prepared for the model (smoothed) and
     * {@code scales} its coordinate scales ({@link Segmenter.Prepared}).
     */
    static MrfLabelling run(ImagePixels pixels, double[] scales, SegmentationModel model, boolean updateModel,
            int threads, FitMonitor monitor) {
        Mrf mrf = model.mrf();
        if (!mrf.active()) {
            throw new IllegalArgumentException("the model has no MRF (BETA 0)");
        }
        FeaturePipeline pipeline = model.pipeline();
        int w = pixels.width();
        int h = pixels.height();
        int depth = pixels.depth();
        int rows = pixels.rows();
        int d = pipeline.dimension();
        if ((long) w * rows > Integer.MAX_VALUE - 8) {
            throw new GmmException("an image of " + pixels.shape() + " is too large for --mrf (more than 2^31 "
                    + "pixels); segment it in parts");
        }
        boolean[] valid = new boolean[w * rows];
        PixelFeatures features = PixelFeatures.allocate(w * rows, d, valid);
        try (ChunkedExecutor chunks = new ChunkedExecutor(rows, threads, 16)) {
            chunks.forEachChunk((chunk, from, to, worker) -> {
                double[][] row = new double[pixels.colorChannels()][w];
                boolean[] rowValid = new boolean[w];
                double[] f = new double[w * d];
                for (int r = from; r < to; r++) {
                    pipeline.computeRow(pixels, r, row, rowValid, scales, f);
                    System.arraycopy(rowValid, 0, valid, r * w, w);
                    for (int x = 0; x < w; x++) {
                        features.set(r * w + x, f, x * d);
                    }
                }
            });
        }
        // A volume's slices are neighbours along Z, weighted by the voxel size as the features see it;
        // frames are not neighbours: the series shares the model, each frame its own field.
        Calibration c = pixels.calibration();
        PixelGrid space = depth == 1 ? PixelGrid.of(w, h)
                : PixelGrid.of(w, h, depth).withSpacing(c.pixelWidth(), c.pixelHeight(), c.voxelDepth());
        PixelGrid grid = pixels.frames() == 1 ? space : space.withFrames(pixels.frames());
        HmrfOptions options = HmrfOptions.of(mrf.beta()).withAutoBeta(mrf.auto()).withUpdateModel(updateModel)
                .withThreads(threads).withMonitor(monitor);
        HmrfResult result = HmrfFitter.fit(model.mixture(), grid, features, options);
        Mrf done = new Mrf(result.beta(), mrf.auto(), updateModel ? result.sweeps() : mrf.sweeps());
        SegmentationModel refined = updateModel ? model.refined(result.model(), done) : model;
        return new MrfLabelling(pixels, refined, result, order(refined.mixture(), result.model()), w, rows, h,
                depth);
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

    /**
     * Labels 1..K (argmax of the final responsibilities), 0 at excluded pixels: X x Y, then Z when
     * the image has several slices (as {@link Segmenter#label}).
     */
    public void label(RandomAccessibleInterval<? extends IntegerType<?>> labels) {
        RandomAccessibleInterval<? extends IntegerType<?>> out = image.outputView(labels, false);
        int[] labelOf = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            labelOf[order[i]] = i + 1;
        }
        RandomAccess<? extends IntegerType<?>> ra = out.randomAccess();
        for (int y = 0; y < height; y++) {
            position(ra, y);
            for (int x = 0; x < width; x++) {
                int c = result.label(y * width + x);
                ra.get().setInteger(c < 0 ? 0 : labelOf[c]);
                ra.fwd(0);
            }
        }
    }

    /** The final responsibilities: X x Y, then Z as for {@link #label}, then K; NaN at excluded pixels. */
    public void probabilities(RandomAccessibleInterval<? extends RealType<?>> probabilities) {
        int k = order.length;
        if (probabilities.dimension(probabilities.numDimensions() - 1) != k) {
            throw new IllegalArgumentException("probabilities need an output whose last axis has the " + k
                    + " components, got " + probabilities.dimension(probabilities.numDimensions() - 1));
        }
        RandomAccessibleInterval<? extends RealType<?>> out = image.outputView(probabilities, true);
        RandomAccess<? extends RealType<?>> ra = out.randomAccess();
        for (int c = 0; c < k; c++) {
            float[] r = result.responsibilities(order[c]);
            for (int y = 0; y < height; y++) {
                position(ra, y);
                ra.setPosition(c, 4);
                for (int x = 0; x < width; x++) {
                    int n = y * width + x;
                    ra.get().setReal(result.label(n) < 0 ? Float.NaN : r[n]);
                    ra.fwd(0);
                }
            }
        }
    }

    /** Puts the accessor of an X, Y, Z, T(, K) view at the start of row r (rows run over Y, then Z, then T). */
    private void position(RandomAccess<?> ra, int r) {
        ra.setPosition(0, 0);
        ra.setPosition(r % planeHeight, 1);
        ra.setPosition(r / planeHeight % depth, 2);
        ra.setPosition(r / planeHeight / depth, 3);
    }

    /**
     * The final responsibilities of rows [from, to) (Y, then Z), component by component:
     * {@code out[k][(r - from) * width + x]}; NaN at excluded pixels.
     */
    public void probabilities(int from, int to, float[][] out) {
        int k = order.length;
        for (int c = 0; c < k; c++) {
            float[] r = result.responsibilities(order[c]);
            for (int row = from; row < to; row++) {
                for (int x = 0; x < width; x++) {
                    int n = row * width + x;
                    out[c][(row - from) * width + x] = result.label(n) < 0 ? Float.NaN : r[n];
                }
            }
        }
    }
}
