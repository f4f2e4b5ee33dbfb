package org.gmmseg.fiji;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.gmmseg.core.GmmException;
import org.gmmseg.segmentation.axes.Calibration;
import org.gmmseg.segmentation.axes.ImageAxes;

/**
 * Conversions between ImageJ 1.x images and imglib2 intervals, without copying pixels where the
 * storage allows: an imglib2 view made here reads and writes the processor's own pixel array,
 * and a processor made here from an {@link ArrayImg} uses the image's array.
 *
 * <p>A plane is one stack position (one slice and time point) with all its channels. Its
 * interval has axes X, Y for one channel and X, Y, C for several; 8-bit, 16-bit and 32-bit
 * processors become {@link UnsignedByteType}, {@link UnsignedShortType} and {@link FloatType}
 * (so 8- and 16-bit values are scaled by 255 and 65535 in the features, 32-bit values taken as
 * they are), an RGB {@link ColorProcessor} becomes {@code ARGBType}. A whole hyperstack is one X, Y,
 * C, Z, T view ({@link #hyperstack}) with its calibration ({@link #axes}). Stateless.
 */
public final class ImagePlusBridge {
    private ImagePlusBridge() {
    }

    /** Number of planes: slices times time points. */
    public static int planeCount(ImagePlus imp) {
        return imp.getNSlices() * imp.getNFrames();
    }

    /**
     * Plane {@code index} (0-based; time points outer, slices inner, as ImageJ orders a
     * hyperstack) with all channels, wrapping the processors' arrays.
     *
     * @throws GmmException for an RGB image with several channels
     */
    public static RandomAccessibleInterval<?> plane(ImagePlus imp, int index) {
        int slices = imp.getNSlices();
        int z = index % slices + 1;
        int t = index / slices + 1;
        if (index < 0 || t > imp.getNFrames()) {
            throw new IndexOutOfBoundsException("plane " + index + " of " + planeCount(imp));
        }
        ImageStack stack = imp.getStack();
        int channels = imp.getNChannels();
        if (channels == 1) {
            return wrap(stack.getProcessor(imp.getStackIndex(1, z, t)));
        }
        if (imp.getType() == ImagePlus.COLOR_RGB) {
            throw new GmmException("RGB images with several channels are not supported; "
                    + "split the channels or convert to a composite");
        }
        List<RandomAccessibleInterval<RealType<?>>> planes = new ArrayList<>(channels);
        for (int c = 1; c <= channels; c++) {
            planes.add(realView(stack.getProcessor(imp.getStackIndex(c, z, t))));
        }
        return stackChannels(planes);
    }

    /**
     * The whole image as one X, Y, C, Z, T view (C of size 1 for one channel; for RGB the three
     * colours), wrapping the processors' arrays, for segmenting a z-stack or hyperstack as a volume.
     * Its axes are {@link #axes(ImagePlus)}.
     *
     * @throws GmmException for an RGB image with several channels
     */
    public static RandomAccessibleInterval<?> hyperstack(ImagePlus imp) {
        if (imp.getType() == ImagePlus.COLOR_RGB && imp.getNChannels() > 1) {
            throw new GmmException("RGB images with several channels are not supported; "
                    + "split the channels or convert to a composite");
        }
        ImageStack stack = imp.getStack();
        List<RandomAccessibleInterval<RealType<?>>> frames = new ArrayList<>(imp.getNFrames());
        for (int t = 1; t <= imp.getNFrames(); t++) {
            List<RandomAccessibleInterval<RealType<?>>> slices = new ArrayList<>(imp.getNSlices());
            for (int z = 1; z <= imp.getNSlices(); z++) {
                slices.add(xyc(imp, stack, z, t));
            }
            frames.add(stack(slices));
        }
        return stack(frames);
    }

    /** Plane (z, t) with its channels as X, Y, C. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RandomAccessibleInterval<RealType<?>> xyc(ImagePlus imp, ImageStack stack, int z, int t) {
        if (imp.getType() == ImagePlus.COLOR_RGB) {
            ColorProcessor cp = (ColorProcessor) stack.getProcessor(imp.getStackIndex(1, z, t));
            RandomAccessibleInterval argb = ArrayImgs.argbs((int[]) cp.getPixels(), cp.getWidth(), cp.getHeight());
            return Converters.argbChannels(argb, 1, 2, 3);
        }
        List<RandomAccessibleInterval<RealType<?>>> channels = new ArrayList<>(imp.getNChannels());
        for (int c = 1; c <= imp.getNChannels(); c++) {
            channels.add(realView(stack.getProcessor(imp.getStackIndex(c, z, t))));
        }
        return stack(channels);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RandomAccessibleInterval<RealType<?>> stack(List<RandomAccessibleInterval<RealType<?>>> parts) {
        return Views.stack((List) parts);
    }

    /**
     * The axes of {@link #hyperstack(ImagePlus)}, X, Y, C, Z, T, with the image's calibration: pixel width, height
     * and depth in its unit (pixels when it has none) and the frame interval.
     */
    public static ImageAxes axes(ImagePlus imp) {
        return ImageAxes.of("xyczt").withCalibration(calibration(imp));
    }

    /** The image's calibration in gmmseg's terms. */
    public static Calibration calibration(ImagePlus imp) {
        ij.measure.Calibration cal = imp.getCalibration();
        return new Calibration(positive(cal.pixelWidth), positive(cal.pixelHeight), positive(cal.pixelDepth),
                cal.getUnit(), Math.max(0, cal.frameInterval), cal.getTimeUnit());
    }

    private static double positive(double v) {
        return v > 0 && Double.isFinite(v) ? v : 1;
    }

    /** Every plane of the image, in stack order. */
    public static List<RandomAccessibleInterval<?>> planes(ImagePlus imp) {
        int n = planeCount(imp);
        List<RandomAccessibleInterval<?>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(plane(imp, i));
        }
        return out;
    }

    /** One processor as X x Y: an ARGB view for RGB, else its real-valued view. */
    public static RandomAccessibleInterval<?> wrap(ImageProcessor ip) {
        if (ip instanceof ColorProcessor cp) {
            return ArrayImgs.argbs((int[]) cp.getPixels(), cp.getWidth(), cp.getHeight());
        }
        return realView(ip);
    }

    /** An 8-bit processor's pixels as an image backed by the same array. */
    public static ArrayImg<UnsignedByteType, ByteArray> wrap(ByteProcessor ip) {
        return ArrayImgs.unsignedBytes((byte[]) ip.getPixels(), ip.getWidth(), ip.getHeight());
    }

    /** A 16-bit processor's pixels as an image backed by the same array. */
    public static ArrayImg<UnsignedShortType, ShortArray> wrap(ShortProcessor ip) {
        return ArrayImgs.unsignedShorts((short[]) ip.getPixels(), ip.getWidth(), ip.getHeight());
    }

    /** A 32-bit processor's pixels as an image backed by the same array. */
    public static ArrayImg<FloatType, FloatArray> wrap(FloatProcessor ip) {
        return ArrayImgs.floats((float[]) ip.getPixels(), ip.getWidth(), ip.getHeight());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RandomAccessibleInterval<RealType<?>> realView(ImageProcessor ip) {
        RandomAccessibleInterval view;
        if (ip instanceof ByteProcessor bp) {
            view = wrap(bp);
        } else if (ip instanceof ShortProcessor sp) {
            view = wrap(sp);
        } else if (ip instanceof FloatProcessor fp) {
            view = wrap(fp);
        } else {
            throw new GmmException("cannot use " + ip.getClass().getSimpleName() + " pixels as channels");
        }
        return view;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RandomAccessibleInterval<?> stackChannels(List<RandomAccessibleInterval<RealType<?>>> planes) {
        return Views.stack((List) planes);
    }

    /**
     * An X x Y integer or real image as a processor: 8-bit or 16-bit arrays and floats are
     * used as they are, other types are copied into a processor that holds them (8-bit up to
     * 255, 16-bit up to 65535, else 32-bit).
     */
    public static ImageProcessor toProcessor(RandomAccessibleInterval<? extends RealType<?>> image) {
        if (image.numDimensions() != 2) {
            throw new IllegalArgumentException("expected an X x Y image, got " + image.numDimensions() + " dimensions");
        }
        int w = (int) image.dimension(0);
        int h = (int) image.dimension(1);
        if (image instanceof ArrayImg<?, ?> array && image.min(0) == 0 && image.min(1) == 0) {
            Object data = ((ArrayImg<?, ?>) array).update(null);
            Object type = image.getType();
            if (type instanceof UnsignedByteType && data instanceof ByteArray b) {
                return new ByteProcessor(w, h, b.getCurrentStorageArray());
            }
            if (type instanceof UnsignedShortType && data instanceof ShortArray s) {
                return new ShortProcessor(w, h, s.getCurrentStorageArray(), null);
            }
            if (type instanceof FloatType && data instanceof FloatArray f) {
                return new FloatProcessor(w, h, f.getCurrentStorageArray());
            }
        }
        RealType<?> type = image.getType();
        ImageProcessor ip;
        if (type instanceof IntegerType<?> && type.getMinValue() >= 0 && type.getMaxValue() <= 255) {
            ip = new ByteProcessor(w, h);
        } else if (type instanceof IntegerType<?> && type.getMinValue() >= 0 && type.getMaxValue() <= 65535) {
            ip = new ShortProcessor(w, h);
        } else {
            ip = new FloatProcessor(w, h);
        }
        Cursor<? extends RealType<?>> c = Views.flatIterable(Views.zeroMin(image)).cursor();
        for (int i = 0; c.hasNext(); i++) {
            ip.setf(i, c.next().getRealFloat());
        }
        return ip;
    }

    /** An X x Y x N image as a stack of N processors (see {@link #toProcessor}). */
    public static ImageStack toStack(RandomAccessibleInterval<? extends RealType<?>> image) {
        if (image.numDimensions() != 3) {
            throw new IllegalArgumentException("expected an X x Y x N image, got " + image.numDimensions()
                    + " dimensions");
        }
        ImageStack stack = new ImageStack((int) image.dimension(0), (int) image.dimension(1));
        for (long i = image.min(2); i <= image.max(2); i++) {
            stack.addSlice(toProcessor(Views.hyperSlice(image, 2, i)));
        }
        return stack;
    }

    /**
     * Float processors as one X x Y x N image backed by their arrays, e.g. to receive
     * {@link org.gmmseg.segmentation.Segmenter#probabilities} directly in an ImageJ stack.
     */
    public static RandomAccessibleInterval<FloatType> wrapFloats(List<FloatProcessor> processors) {
        List<RandomAccessibleInterval<FloatType>> planes = new ArrayList<>(processors.size());
        for (FloatProcessor fp : processors) {
            planes.add(wrap(fp));
        }
        return Views.stack(planes);
    }
}
