package org.gmmseg.segmentation.batch;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;

import org.gmmseg.segmentation.batch.ImageInputs.ImageInput;
import org.gmmseg.segmentation.ImageSample;
import org.gmmseg.segmentation.SamplePool;
import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.features.ImagePixels;
import org.gmmseg.segmentation.io.DeclaredAxes;
import org.gmmseg.segmentation.io.ImageHeader;
import org.gmmseg.segmentation.io.ImageReadException;

/**
 * Feeds images to a {@link SamplePool} for one model fitted on all of them: images are read by
 * up to {@code workers} threads ahead, and added to the pool one by one in input order, so the
 * pool (and the model) does not depend on the thread count and at most {@code workers + 1} images
 * are in memory. An image whose header exceeds the {@link ReadLimits}, or that runs out of memory
 * while it is read or pooled, fails alone.
 */
public final class ImagePooling {
    private ImagePooling() {
    }

    /** What to do about an image that cannot be read or pooled; may throw to stop. */
    @FunctionalInterface
    public interface FailureHandler {
        void failed(int index, ImageInput input, Exception e) throws IOException;
    }

    /**
     * Adds the images to the pool.
     *
     * @param include which images to add, by index
     * @param onImageDone called after each image is added or has failed
     */
    public static void add(List<ImageInput> images, IntPredicate include, SamplePool pool, int workers,
            Runnable onImageDone, FailureHandler onFailure) throws IOException, InterruptedException {
        add(images, include, pool, workers, null, ReadLimits.defaults(), onImageDone, onFailure);
    }

    /**
     * Adds the images, read with declared axes, to the pool, refusing those that exceed the limits.
     *
     * @param include which images to add, by index
     * @param axes the axes of the images' pages, or null to take them from each file
     * @param onImageDone called after each image is added or has failed
     */
    public static void add(List<ImageInput> images, IntPredicate include, SamplePool pool, int workers,
            DeclaredAxes axes, ReadLimits limits, Runnable onImageDone, FailureHandler onFailure)
            throws IOException, InterruptedException {
        MemoryEstimate.Work work = MemoryEstimate.Work.pooling(pool.features(), pool.maxSamplesPerImage());
        ExecutorService readers = Executors.newFixedThreadPool(Math.max(1, workers), r -> {
            Thread t = new Thread(r, "gmmseg-read");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Pending> window = new ArrayDeque<>();
            for (int i = 0; i < images.size(); i++) {
                if (!include.test(i)) {
                    continue;
                }
                ImageInput input = images.get(i);
                window.add(new Pending(i, input, readers.submit(() -> read(input, axes, limits, work))));
                if (window.size() > workers) {
                    pool(window.removeFirst(), pool, onImageDone, onFailure);
                }
            }
            while (!window.isEmpty()) {
                pool(window.removeFirst(), pool, onImageDone, onFailure);
            }
        } finally {
            readers.shutdownNow();
        }
    }

    private record Pending(int index, ImageInput input, Future<ImagePixels> pixels) {
    }

    /**
     * One image's subsample as {@link #add} reads and pools it, for a pool elsewhere
     * ({@link SamplePool#sample}, e.g. drawn on a cluster's executor): the header is checked
     * against the limits before the image is decoded, and running out of memory is a failure of the
     * image ({@link ImageReadException}).
     *
     * @param axes the axes of the image's pages, or null to take them from the file
     */
    public static ImageSample sample(ImageInput input, DeclaredAxes axes, ReadLimits limits, FeatureSpec features,
            long maxSamples, long seed) throws IOException {
        ImagePixels pixels = read(input, axes, limits, MemoryEstimate.Work.pooling(features, maxSamples));
        try {
            return SamplePool.sample(pixels, features, maxSamples, seed);
        } catch (OutOfMemoryError e) {
            throw outOfMemoryPooling(input);
        }
    }

    private static ImageReadException outOfMemoryPooling(ImageInput input) {
        return new ImageReadException(input.file(), "out of memory while its samples were pooled; sample fewer "
                + "pixels per image (--max-samples), or give Java more memory, e.g. GMMSEG_JAVA_OPTS=-Xmx8g ./gmmseg ...");
    }

    /** Reads an image after checking its header; running out of memory is a failure of the image. */
    private static ImagePixels read(ImageInput input, DeclaredAxes axes, ReadLimits limits, MemoryEstimate.Work work)
            throws IOException {
        ImageHeader header = ImageHeader.read(input.file(), axes);
        MemoryEstimate estimate = header == null ? null : MemoryEstimate.of(header, work);
        limits.check(input.file(), header, estimate);
        try {
            return Batch.readPixels(input, axes);
        } catch (OutOfMemoryError e) {
            throw new ImageReadException(input.file(), limits.outOfMemory(header, estimate));
        }
    }

    private static void pool(Pending pending, SamplePool pool, Runnable onImageDone, FailureHandler onFailure)
            throws IOException, InterruptedException {
        try {
            try {
                pool.add(pending.pixels().get());
            } catch (OutOfMemoryError e) {
                throw outOfMemoryPooling(pending.input());
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                onFailure.failed(pending.index(), pending.input(), ex);
            } else if (cause instanceof Error error) {
                throw error;
            } else {
                throw new IllegalStateException(cause);
            }
        } catch (RuntimeException | ImageReadException e) {
            onFailure.failed(pending.index(), pending.input(), e);
        } finally {
            onImageDone.run();
        }
    }
}
