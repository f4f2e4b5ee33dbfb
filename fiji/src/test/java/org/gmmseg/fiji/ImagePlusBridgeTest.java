package org.gmmseg.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.gmmseg.core.GmmException;
import org.junit.jupiter.api.Test;

class ImagePlusBridgeTest {

    @SuppressWarnings("unchecked")
    private static double at(RandomAccessibleInterval<?> img, long... pos) {
        RandomAccess<? extends RealType<?>> ra = ((RandomAccessibleInterval<? extends RealType<?>>) img).randomAccess();
        ra.setPosition(pos);
        return ra.get().getRealDouble();
    }

    @Test
    void grayProcessorsAreWrappedInPlace() {
        ByteProcessor bp = new ByteProcessor(5, 4);
        bp.set(2, 3, 250);
        ArrayImg<UnsignedByteType, ?> bytes = ImagePlusBridge.wrap(bp);
        assertEquals(250, bytes.getAt(2, 3).get(), "unsigned, x then y");
        bytes.getAt(1, 1).set(7);
        assertEquals(7, bp.get(1, 1), "writes go to the processor's array");

        ShortProcessor sp = new ShortProcessor(3, 2);
        sp.set(2, 1, 60000);
        assertEquals(60000, ImagePlusBridge.wrap(sp).getAt(2, 1).get());

        FloatProcessor fp = new FloatProcessor(3, 2);
        fp.setf(0, 1, Float.NaN);
        assertEquals(Float.NaN, ImagePlusBridge.wrap(fp).getAt(0, 1).get());
    }

    @Test
    void rgbBecomesArgb() {
        ColorProcessor cp = new ColorProcessor(3, 2);
        cp.set(1, 1, 0x123456);
        RandomAccessibleInterval<?> img = ImagePlusBridge.wrap(cp);
        assertInstanceOf(ARGBType.class, img.getType());
        assertEquals(0x123456, ((ARGBType) img.randomAccess().setPositionAndGet(1, 1)).get() & 0xffffff);
    }

    @Test
    void planesOfAHyperstackHaveAllChannelsInTheirOrder() {
        int c = 2;
        int z = 3;
        int t = 2;
        ImageStack stack = new ImageStack(4, 3);
        for (int i = 1; i <= c * z * t; i++) {
            ShortProcessor sp = new ShortProcessor(4, 3);
            sp.set(0, 0, i); // the stack index
            stack.addSlice(sp);
        }
        ImagePlus imp = new ImagePlus("h", stack);
        imp.setDimensions(c, z, t);
        assertEquals(6, ImagePlusBridge.planeCount(imp));
        List<RandomAccessibleInterval<?>> planes = ImagePlusBridge.planes(imp);
        for (int p = 0; p < planes.size(); p++) {
            RandomAccessibleInterval<?> plane = planes.get(p);
            assertEquals(3, plane.numDimensions());
            assertEquals(c, plane.dimension(2));
            int slice = p % z + 1;
            int frame = p / z + 1;
            for (int ch = 1; ch <= c; ch++) {
                assertEquals(imp.getStackIndex(ch, slice, frame), at(plane, 0, 0, ch - 1));
            }
        }
    }

    @Test
    void singleChannelStacksGiveTwoDimensionalPlanes() {
        ImagePlus imp = TestImagePlus.stack8("s", 2, 1);
        RandomAccessibleInterval<?> plane = ImagePlusBridge.plane(imp, 1);
        assertEquals(2, plane.numDimensions());
        assertEquals(imp.getStack().getProcessor(2).get(5, 6), at(plane, 5, 6));
    }

    @Test
    void rgbWithSeveralChannelsIsRefused() {
        ImageStack stack = new ImageStack(2, 2);
        stack.addSlice(new ColorProcessor(2, 2));
        stack.addSlice(new ColorProcessor(2, 2));
        ImagePlus imp = new ImagePlus("rgbc", stack);
        imp.setDimensions(2, 1, 1);
        assertThrows(GmmException.class, () -> ImagePlusBridge.plane(imp, 0));
    }

    @Test
    void arrayImagesBecomeProcessorsSharingTheirArrays() {
        byte[] bytes = new byte[6];
        ImageProcessor bp = ImagePlusBridge.toProcessor(ArrayImgs.unsignedBytes(bytes, 3, 2));
        assertInstanceOf(ByteProcessor.class, bp);
        assertSame(bytes, bp.getPixels());
        short[] shorts = new short[6];
        ImageProcessor sp = ImagePlusBridge.toProcessor(ArrayImgs.unsignedShorts(shorts, 3, 2));
        assertSame(shorts, sp.getPixels());
        float[] floats = new float[6];
        assertSame(floats, ImagePlusBridge.toProcessor(ArrayImgs.floats(floats, 3, 2)).getPixels());
    }

    @Test
    void otherImagesAreCopiedIntoAProcessorThatHoldsThem() {
        ArrayImg<IntType, ?> ints = ArrayImgs.ints(new int[] {1, -2, 3, 4}, 2, 2);
        ImageProcessor ip = ImagePlusBridge.toProcessor(ints);
        assertInstanceOf(FloatProcessor.class, ip, "signed values need floats");
        assertArrayEquals(new float[] {1, -2, 3, 4}, (float[]) ip.getPixels());

        RandomAccessibleInterval<UnsignedShortType> view = Views.interval(
                ArrayImgs.unsignedShorts(new short[] {1, 2, 3, 4, 5, 6}, 3, 2), new long[] {1, 0}, new long[] {2, 1});
        ImageProcessor sp = ImagePlusBridge.toProcessor(view);
        assertInstanceOf(ShortProcessor.class, sp);
        assertArrayEquals(new short[] {2, 3, 5, 6}, (short[]) sp.getPixels());
    }

    @Test
    void floatProcessorsReceiveAnXyKImageInPlace() {
        List<FloatProcessor> fps = List.of(new FloatProcessor(2, 2), new FloatProcessor(2, 2));
        RandomAccessibleInterval<FloatType> xyk = ImagePlusBridge.wrapFloats(fps);
        xyk.randomAccess().setPositionAndGet(1, 0, 1).set(0.25f);
        assertEquals(0.25f, fps.get(1).getf(1, 0));
        ImageStack stack = ImagePlusBridge.toStack(xyk);
        assertEquals(2, stack.getSize());
        assertEquals(0.25f, stack.getProcessor(2).getf(1, 0));
    }
}
