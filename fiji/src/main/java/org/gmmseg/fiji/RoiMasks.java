package org.gmmseg.fiji;

import java.util.List;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

import org.gmmseg.segmentation.axes.Axis;
import org.gmmseg.segmentation.axes.ImageAxes;
import org.gmmseg.segmentation.features.ImagePixels;

/**
 * Area selections (ROIs) for the commands: a mask of the pixels inside, the pixels a fit uses
 * (those outside count as excluded, as transparent pixels do), and labels cleared outside.
 * Line and point selections are not areas and are ignored. Stateless.
 */
final class RoiMasks {
    private RoiMasks() {
    }

    /** The image's area selection, or null when it has none (or only a line or points). */
    static Roi areaRoi(ImagePlus imp) {
        Roi roi = imp.getRoi();
        return roi != null && roi.isArea() ? roi : null;
    }

    /** 255 inside the selection, 0 outside, image-sized. */
    static ByteProcessor mask(ImagePlus imp, Roi roi) {
        ByteProcessor mask = new ByteProcessor(imp.getWidth(), imp.getHeight());
        mask.setValue(255);
        mask.fill(roi);
        return mask;
    }

    /**
     * The pixels of a plane (from {@link ImagePlusBridge#plane}) with those outside the mask
     * excluded: the mask becomes an alpha channel of the plane's own type, so nothing is copied.
     *
     * @param axes the plane's axes and calibration ({@code ImagePlusSegmentation.planeAxes})
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static ImagePixels inside(RandomAccessibleInterval<?> plane, ImageAxes axes, ByteProcessor mask) {
        RandomAccessibleInterval<? extends RealType<?>> xyc;
        if (plane.getType() instanceof ARGBType) {
            xyc = Converters.argbChannels((RandomAccessibleInterval<ARGBType>) plane, 1, 2, 3);
        } else if (plane.numDimensions() == 2) {
            xyc = Views.addDimension((RandomAccessibleInterval) plane, 0, 0);
        } else {
            xyc = (RandomAccessibleInterval) plane;
        }
        RealType type = (RealType) xyc.getType().createVariable();
        RandomAccessibleInterval<UnsignedByteType> m = ArrayImgs.unsignedBytes((byte[]) mask.getPixels(),
                mask.getWidth(), mask.getHeight());
        RandomAccessibleInterval alpha = Converters.convert(m,
                (in, out) -> ((RealType) out).setReal(in.get() > 0 ? 1 : 0), type);
        RandomAccessibleInterval withAlpha = Views.concatenate(2, (RandomAccessibleInterval) Views.zeroMin(xyc),
                Views.addDimension(alpha, 0, 0));
        return ImagePixels.of(withAlpha, axes.has(Axis.C) ? axes : axes.with(Axis.C), true);
    }

    /** Sets every pixel outside the mask to {@code value} in each processor. */
    static void fillOutside(List<? extends ImageProcessor> planes, ByteProcessor mask, double value) {
        byte[] inside = (byte[]) mask.getPixels();
        for (ImageProcessor ip : planes) {
            for (int i = 0; i < inside.length; i++) {
                if (inside[i] == 0) {
                    ip.setf(i, (float) value);
                }
            }
        }
    }
}
