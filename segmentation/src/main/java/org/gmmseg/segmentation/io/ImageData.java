package org.gmmseg.segmentation.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.gmmseg.segmentation.axes.Axis;
import org.gmmseg.segmentation.axes.Calibration;
import org.gmmseg.segmentation.axes.ImageAxes;

/**
 * A decoded image: pixels with axes X, Y, C (the channel axis is always present, size 1 for gray), then Z for a
 * volume and T for a time series ({@link #axes()}), how the channels are to be read, the bit depth of the samples
 * and the calibration. A 2-D image has exactly X, Y, C; an axis of size 1 other than C is left out.
 *
 * <p>The pixel type follows the bit depth: {@link UnsignedByteType} for 8 bits, {@link UnsignedShortType} for 16
 * bits and {@link FloatType} for 32-bit float; {@link #typeMax()} is the value that maps to 1 when intensities are
 * scaled to [0, 1]. Images made by {@link ImageReader} hold an {@code ArrayImg} with X fastest, then Y, then C
 * (one plane per channel), then Z, then T (ImageJ's order), with all minima at 0.
 *
 * <p>This holder is immutable, but the pixel container is not copied: treat it as read-only. Instances can be
 * shared between threads as long as nobody writes to the pixels. Equality is identity (comparing pixels by
 * content would be costly and is rarely meant).
 */
public final class ImageData {
    private final RandomAccessibleInterval<? extends RealType<?>> pixels;
    private final ImageAxes axes;
    private final ChannelLayout layout;
    private final int bitDepth;

    /**
     * A 2-D image without calibration.
     *
     * @param pixels X, Y, C; pixel type matching {@code bitDepth}
     * @param layout must accept the size of the channel axis
     * @param bitDepth 8, 16 or 32
     * @throws IllegalArgumentException if the parts do not fit together
     */
    public ImageData(RandomAccessibleInterval<? extends RealType<?>> pixels, ChannelLayout layout, int bitDepth) {
        this(pixels, ImageAxes.of("xyc"), layout, bitDepth);
    }

    /**
     * @param pixels pixel type matching {@code bitDepth}, dimensions as {@code axes} say
     * @param axes X, Y, C, then optionally Z, then optionally T, in this order; with the calibration
     * @param layout must accept the size of the channel axis
     * @param bitDepth 8, 16 or 32
     * @throws IllegalArgumentException if the parts do not fit together
     */
    public ImageData(RandomAccessibleInterval<? extends RealType<?>> pixels, ImageAxes axes, ChannelLayout layout,
            int bitDepth) {
        this.pixels = Objects.requireNonNull(pixels, "pixels");
        this.axes = Objects.requireNonNull(axes, "axes");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.bitDepth = bitDepth;
        if (!axes.order().equals(order(axes.has(Axis.Z), axes.has(Axis.T)))) {
            throw new IllegalArgumentException("axes must be X, Y, C, then Z and T when present, got " + axes.letters());
        }
        if (pixels.numDimensions() != axes.numDimensions()) {
            throw new IllegalArgumentException("pixels need axes " + axes.letters() + ", got " + pixels.numDimensions()
                    + " dimensions");
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

    /** The axes of an image with or without Z and T: X, Y, C[, Z][, T]. */
    public static List<Axis> order(boolean z, boolean t) {
        List<Axis> order = new ArrayList<>(List.of(Axis.X, Axis.Y, Axis.C));
        if (z) {
            order.add(Axis.Z);
        }
        if (t) {
            order.add(Axis.T);
        }
        return order;
    }

    /** X, Y, C[, Z][, T], as {@link #axes()} says. Read-only by convention. */
    public RandomAccessibleInterval<? extends RealType<?>> pixels() {
        return pixels;
    }

    /** The axes of {@link #pixels()} and the calibration. */
    public ImageAxes axes() {
        return axes;
    }

    public Calibration calibration() {
        return axes.calibration();
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

    /** Number of slices: 1 without a Z axis. */
    public int depth() {
        int d = axes.dimensionOf(Axis.Z);
        return d < 0 ? 1 : (int) pixels.dimension(d);
    }

    /** Number of frames: 1 without a T axis. */
    public int frames() {
        int d = axes.dimensionOf(Axis.T);
        return d < 0 ? 1 : (int) pixels.dimension(d);
    }

    /** Whether the image has neither Z nor T: one plane (with its channels). */
    public boolean isPlanar() {
        return !axes.has(Axis.Z) && !axes.has(Axis.T);
    }

    @Override
    public String toString() {
        return width() + "x" + height() + (axes.has(Axis.Z) ? "x" + depth() + " slices" : "")
                + (axes.has(Axis.T) ? "x" + frames() + " frames" : "") + " " + layout + (layout == ChannelLayout.CHANNELS ? "(" + channels() + ")" : "")
                + " " + (bitDepth == 32 ? "32-bit float" : bitDepth + "-bit");
    }
}
