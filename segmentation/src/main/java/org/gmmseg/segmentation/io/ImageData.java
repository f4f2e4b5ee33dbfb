package org.gmmseg.segmentation.io;

import java.util.Objects;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A decoded image: pixels with axes X, Y, C (the channel axis is always present, size 1 for gray), how the
 * channels are to be read, and the bit depth of the samples.
 *
 * <p>The pixel type follows the bit depth: {@link UnsignedByteType} for 8 bits, {@link UnsignedShortType} for 16
 * bits and {@link FloatType} for 32-bit float; {@link #typeMax()} is the value that maps to 1 when intensities are
 * scaled to [0, 1]. Images made by {@link ImageReader} hold an {@code ArrayImg} with X fastest, then Y, then C
 * (one plane per channel), with all minima at 0.
 *
 * <p>This holder is immutable, but the pixel container is not copied: treat it as read-only. Instances can be
 * shared between threads as long as nobody writes to the pixels. Equality is identity (comparing pixels by
 * content would be costly and is rarely meant).
 */
public final class ImageData {
    private final RandomAccessibleInterval<? extends RealType<?>> pixels;
    private final ChannelLayout layout;
    private final int bitDepth;

    /**
     * @param pixels X, Y, C; pixel type matching {@code bitDepth}
     * @param layout must accept the size of the channel axis
     * @param bitDepth 8, 16 or 32
     * @throws IllegalArgumentException if the parts do not fit together
     */
    public ImageData(RandomAccessibleInterval<? extends RealType<?>> pixels, ChannelLayout layout, int bitDepth) {
        this.pixels = Objects.requireNonNull(pixels, "pixels");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.bitDepth = bitDepth;
        if (pixels.numDimensions() != 3) {
            throw new IllegalArgumentException("pixels need axes X, Y, C, got " + pixels.numDimensions() + " dimensions");
        }
        if (!layout.accepts(channels())) {
            throw new IllegalArgumentException(layout + " does not fit " + channels() + " channel(s)");
        }
        Object type = pixels.getType();
        boolean typeFits = switch (bitDepth) {
            case 8 -> type instanceof UnsignedByteType;
            case 16 -> type instanceof UnsignedShortType;
            case 32 -> type instanceof FloatType;
            default -> throw new IllegalArgumentException("bit depth must be 8, 16 or 32, got " + bitDepth);
        };
        if (!typeFits) {
            throw new IllegalArgumentException(bitDepth + "-bit image with pixel type " + type.getClass().getSimpleName());
        }
    }

    /** X, Y, C. Read-only by convention. */
    public RandomAccessibleInterval<? extends RealType<?>> pixels() {
        return pixels;
    }

    /**
     * The same object as {@link #pixels()}, typed for methods declared as {@code <T extends RealType<T>>}. The
     * caller's {@code T} must be the actual pixel type (see {@link #bitDepth()}); nothing checks it.
     */
    @SuppressWarnings("unchecked")
    public <T extends RealType<T>> RandomAccessibleInterval<T> typedPixels() {
        return (RandomAccessibleInterval<T>) pixels;
    }

    public ChannelLayout layout() {
        return layout;
    }

    /** 8, 16 or 32 (float). */
    public int bitDepth() {
        return bitDepth;
    }

    /** 255 for 8-bit, 65535 for 16-bit and 1.0 for float images: the value that is full intensity. */
    public double typeMax() {
        return switch (bitDepth) {
            case 8 -> 255.0;
            case 16 -> 65535.0;
            default -> 1.0;
        };
    }

    public int width() {
        return (int) pixels.dimension(0);
    }

    public int height() {
        return (int) pixels.dimension(1);
    }

    public int channels() {
        return (int) pixels.dimension(2);
    }

    @Override
    public String toString() {
        return width() + "x" + height() + " " + layout + (layout == ChannelLayout.CHANNELS ? "(" + channels() + ")" : "")
                + " " + (bitDepth == 32 ? "32-bit float" : bitDepth + "-bit");
    }
}
