package org.gmmseg.segmentation.batch;

import java.nio.file.Path;
import java.util.Locale;

import org.gmmseg.segmentation.io.ImageHeader;
import org.gmmseg.segmentation.io.ImageReadException;
import org.gmmseg.segmentation.io.ImageReader;

/**
 * What a batch may read: images of at most {@code maxPixels} pixels (width x height, as the header
 * declares them), each within the memory Java may use. Both are checked on the header before
 * anything is decoded ({@link #check}), so that an image too large fails alone, with its size and
 * what to do, instead of ending the JVM with an {@link OutOfMemoryError}.
 *
 * @param maxPixels the largest width x height read ({@code --max-pixels})
 * @param heapBytes the memory Java may use, {@link Runtime#maxMemory()} but for tests
 */
public record ReadLimits(long maxPixels, long heapBytes) {
    /** Held back from the heap for what gmmseg holds besides the images (classes, buffers, the report). */
    static final long RESERVE_BYTES = 64L << 20;
    /** The sample size suggested when an image's fit does not fit: the default of a pooled fit. */
    static final long SUGGESTED_SAMPLES = 200_000;

    public ReadLimits {
        if (maxPixels < 1 || heapBytes < 1) {
            throw new IllegalArgumentException("the limits must be positive, got " + maxPixels + " pixels and "
                    + heapBytes + " bytes");
        }
    }

    /** {@link ImageReader#defaultMaxPixels()} and this JVM's heap. */
    public static ReadLimits defaults() {
        return new ReadLimits(ImageReader.defaultMaxPixels(), Runtime.getRuntime().maxMemory());
    }

    /** The same limits with another pixel limit. */
    public ReadLimits withMaxPixels(long pixels) {
        return new ReadLimits(pixels, heapBytes);
    }

    /** Bytes the images of a batch may take together: the heap less a reserve (a quarter of small heaps). */
    public long available() {
        return heapBytes - Math.min(RESERVE_BYTES, heapBytes / 4);
    }

    /**
     * Refuses an image whose header declares more pixels than {@link #maxPixels()}, or which needs
     * more memory than is {@link #available()} by the estimate.
     *
     * @param header the image's header, or null when it is unknown (nothing is checked then)
     * @throws ImageReadException saying what the image declares, what it needs and what to do
     */
    public void check(Path file, ImageHeader header, MemoryEstimate estimate) throws ImageReadException {
        if (header == null) {
            return;
        }
        ImageReader.checkDeclared(file, header, maxPixels);
        if (estimate != null && estimate.minimum() > available()) {
            throw new ImageReadException(file, "too large for the memory Java may use here: " + header.describe()
                    + " needs at least " + bytes(estimate.minimum()) + ", and Java may use " + bytes(heapBytes) + "; "
                    + advice(estimate.minimum(), estimate.sampling()));
        }
    }

    /** What to do about an image that needs {@code needed} bytes. */
    String advice(long needed, boolean sampling) {
        long gigabytes = Math.max(2, (long) Math.ceil((needed + RESERVE_BYTES) * 1.25 / (1L << 30)));
        return (sampling ? "fit on a sample of its pixels (e.g. --max-samples " + SUGGESTED_SAMPLES + "), or " : "")
                + "give Java more memory, e.g. GMMSEG_JAVA_OPTS=-Xmx" + gigabytes + "g ./gmmseg ...";
    }

    /**
     * The reason of an image that ran out of memory anyway (the estimate is not exact, and images
     * processed at the same time share the heap).
     */
    String outOfMemory(ImageHeader header, MemoryEstimate estimate) {
        long needed = estimate == null ? heapBytes : Math.max(estimate.expected(), heapBytes);
        return "out of memory: " + (header == null ? "the image" : header.describe()) + " needed more than the "
                + bytes(heapBytes) + " Java may use here; " + advice(needed, estimate == null || estimate.sampling());
    }

    /** Bytes for people: {@code 350 MB}, {@code 2.5 GB}. */
    public static String bytes(long bytes) {
        double mb = bytes / (double) (1L << 20);
        return mb < 1000 ? String.format(Locale.ROOT, "%.0f MB", Math.max(1, mb))
                : String.format(Locale.ROOT, "%.1f GB", mb / 1024);
    }
}
