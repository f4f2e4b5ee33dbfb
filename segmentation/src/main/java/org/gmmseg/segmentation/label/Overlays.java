package org.gmmseg.segmentation.label;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;

import org.gmmseg.segmentation.features.ImagePixels;

/** Preview images: label colours from the {@link Palette} blended over the image. */
public final class Overlays {
    private Overlays() {
    }

    /**
     * Blends each labelled pixel's colour over the image (shown in gray when it has not three
     * channels): out = (1 - opacity) image + opacity colour; excluded pixels (label 0) keep the image.
     *
     * @param opacity in [0, 1]
     * @return 0xRRGGBB pixels, row-major
     */
    public static int[] blend(ImagePixels image, RandomAccessibleInterval<? extends IntegerType<?>> labels,
            double opacity) {
        int w = image.width();
        int h = image.height();
        int[] out = new int[w * h];
        double[][] row = new double[image.colorChannels()][w];
        boolean[] valid = new boolean[w];
        RandomAccess<? extends IntegerType<?>> ra = labels.randomAccess();
        for (int y = 0; y < h; y++) {
            image.readRow(y, row, valid);
            for (int x = 0; x < w; x++) {
                ra.setPosition(labels.min(0) + x, 0);
                ra.setPosition(labels.min(1) + y, 1);
                int label = ra.get().getInteger();
                int colour = Palette.rgb(label);
                double a = label == 0 ? 0 : opacity;
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = row[image.colorChannels() == 3 ? c : 0][x];
                    v = Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v)) * 255;
                    int lc = (colour >> (16 - 8 * c)) & 0xff;
                    int mixed = (int) Math.round((1 - a) * v + a * lc);
                    rgb |= mixed << (16 - 8 * c);
                }
                out[y * w + x] = rgb;
            }
        }
        return out;
    }
}
