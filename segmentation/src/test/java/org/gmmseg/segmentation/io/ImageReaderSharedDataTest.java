package org.gmmseg.segmentation.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;

import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.gmmseg.segmentation.axes.Calibration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reads the shared real images. Expected sizes and pixel values were taken with Python (PIL 9.4 for PNG/JPEG,
 * tifffile 2023.2 for TIFF, palette applied), which agree with this reader on every sample of every shared file.
 */
class ImageReaderSharedDataTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            photos/skimage_astronaut.png             | 512  | 512  | 3   | RGB      | 8  | 170 | 341 | 228 113 74
            photos/skimage_chelsea.png               | 451  | 300  | 3   | RGB      | 8  | 0   | 0   | 143 120 104
            photos/morpholibj_euro_coins.png         | 850  | 500  | 3   | RGB      | 8  | 849 | 499 | 38 42 37
            photos/skimage_rocket.jpg                | 640  | 427  | 3   | RGB      | 8  | 0   | 0   | 17 33 58
            photos/skimage_retina.jpg                | 1411 | 1411 | 3   | RGB      | 8  | 470 | 940 | 236 96 71
            photos/skimagetut_spices.jpg             | 1024 | 683  | 3   | RGB      | 8  | 512 | 341 | 198 143 43
            microscopy/skimage_cell.png              | 550  | 660  | 1   | GRAY     | 8  | 183 | 440 | 67
            microscopy/skimage_ihc.png               | 512  | 512  | 3   | RGB      | 8  | 0   | 0   | 156 118 81
            microscopy/stardist_histo.jpg            | 500  | 300  | 3   | RGB      | 8  | 166 | 200 | 74 45 101
            microscopy/idr_E39_E4-2.png              | 1682 | 1616 | 4   | RGBA     | 8  | 560 | 1077| 8 0 15 255
            microscopy/idr_E39_E4-2.png              | 1682 | 1616 | 4   | RGBA     | 8  | 0   | 0   | 0 0 0 0
            microscopy/skimagetut_chromosomes.tif    | 1388 | 1040 | 3   | RGB      | 8  | 694 | 520 | 18 17 75
            microscopy/imagej_hela-cells-8bit.tif    | 672  | 512  | 3   | RGB      | 8  | 336 | 256 | 27 23 13
            microscopy/imagej_blobs.tif              | 256  | 254  | 1   | GRAY     | 8  | 128 | 127 | 224
            microscopy/morpholibj_appleCells.tif     | 512  | 512  | 1   | GRAY     | 8  | 170 | 341 | 7
            microscopy/morpholibj_maize_clsm.tif     | 512  | 512  | 1   | GRAY     | 8  | 256 | 256 | 45
            microscopy/morpholibj_e4a1.tif           | 810  | 610  | 1   | GRAY     | 8  | 270 | 406 | 255
            tiff16/imagej_hela-cells_16bit_3ch.tif   | 672  | 512  | 3   | RGB      | 16 | 336 | 256 | 450 400 304
            tiff16/bbbc022_IXMtest_A02_s9_16bit_3ch.tif | 695 | 395 | 3  | CHANNELS | 16 | 231 | 263 | 155 213 200
            tiff16/imagej_m51_16bit.tif              | 320  | 510  | 1   | GRAY     | 16 | 160 | 255 | 3235
            tiff16/cancer_cell_migration_crop_16bit_t48.tif | 130 | 130 | 1 | GRAY | 16 | 129 | 129 | 2261 3062 3520 3262 12248 15082
            tiff16/morpholibj_arabidopsis-embryo_8bit_z106.tif | 109 | 112 | 1 | GRAY | 8 | 36 | 74 | 2 1 4 6 3 2
            groundtruth/dsb2018/00ae65c1.png         | 320  | 256  | 4   | RGBA     | 8  | 106 | 170 | 158 98 184 255
            groundtruth/dsb2018/091944f1.png         | 1024 | 1024 | 4   | RGBA     | 8  | 512 | 512 | 184 184 184 255
            groundtruth/dsb2018/00ae65c1_labels.png  | 320  | 256  | 1   | GRAY     | 16 | 0   | 0   | 33
            groundtruth/dsb2018/00ae65c1_mask.png    | 320  | 256  | 1   | GRAY     | 8  | 106 | 170 | 255
            groundtruth/bsds500/100007.jpg           | 481  | 321  | 3   | RGB      | 8  | 240 | 160 | 193 194 222
            groundtruth/bsds500/100007_gt5.png       | 481  | 321  | 1   | GRAY     | 16 | 480 | 320 | 19
            groundtruth/weizmann_horse/horse001.png  | 315  | 232  | 3   | RGB      | 8  | 150 | 100 | 109 62 47
            """)
    void readsSharedImage(String file, int width, int height, int channels, ChannelLayout layout, int bits, int x,
            int y, String expected) throws Exception {
        Path path = SharedData.file(file);

        ImageData image = ImageReader.read(path);

        assertEquals(width, image.width(), "width");
        assertEquals(height, image.height(), "height");
        assertEquals(channels, image.channels(), "channels");
        assertEquals(layout, image.layout(), "layout");
        assertEquals(bits, image.bitDepth(), "bit depth");
        assertArrayEquals(numbers(expected), values(image, x, y, numbers(expected).length),
                "pixel (" + x + ", " + y + ")");
    }

    /** Per-channel sums over the whole image catch misplaced rows, planes or pages that single pixels miss. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            photos/skimage_rocket.jpg                       | 14283182 16750506 22483056
            microscopy/skimage_cell.png                     | 24669746
            microscopy/morpholibj_appleCells.tif            | 8946300
            microscopy/idr_E39_E4-2.png                     | 23007889 5571335 16224455 631611580
            tiff16/imagej_hela-cells_16bit_3ch.tif          | 135240926 135315934 122963586
            tiff16/bbbc022_IXMtest_A02_s9_16bit_3ch.tif     | 51840778 78651621 72992341
            tiff16/cancer_cell_migration_crop_16bit_t48.tif | 122294281 113780974 122176434
            tiff16/morpholibj_arabidopsis-embryo_8bit_z106.tif | 67530 67147 66330 65162
            groundtruth/dsb2018/00ae65c1_labels.png         | 1066996
            """)
    void channelSumsMatchPython(String file, String sums) throws Exception {
        ImageData image = ImageReader.read(SharedData.file(file));

        double[] want = numbers(sums);
        double[] got = new double[want.length];
        for (int c = 0; c < want.length; c++) {
            for (RealType<?> t : Views.hyperSlice(image.pixels(), planeAxis(image), c)) {
                got[c] += t.getRealDouble();
            }
        }
        assertArrayEquals(want, got);
    }

    /** The stacks without ImageJ channels are read as slices, the ImageJ z-stack with its spacing. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            tiff16/cancer_cell_migration_crop_16bit_t48.tif    |      | xycz | 48
            tiff16/cancer_cell_migration_crop_16bit_t48.tif    | tyx  | xyct | 48
            tiff16/morpholibj_arabidopsis-embryo_8bit_z106.tif |      | xycz | 106
            tiff16/bbbc022_IXMtest_A02_s9_16bit_3ch.tif        |      | xyc  | 1
            """)
    void stacksHaveTheirAxes(String file, String declared, String axes, int planes) throws Exception {
        ImageData image = ImageReader.read(SharedData.file(file), declared == null ? null : DeclaredAxes.parse(declared));

        assertEquals(axes, image.axes().letters());
        assertEquals(planes, image.depth() * image.frames());
        assertEquals(Calibration.NONE, image.calibration());
    }

    /** The channel axis when there are several channels, else the slices or frames. */
    private static int planeAxis(ImageData image) {
        return image.channels() > 1 || image.pixels().numDimensions() == 3 ? 2 : 3;
    }

    private static double[] numbers(String s) {
        return Arrays.stream(s.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
    }

    static double[] values(ImageData image, int x, int y, int n) {
        RandomAccess<? extends RealType<?>> ra = image.pixels().randomAccess();
        ra.setPosition(new long[image.pixels().numDimensions()]);
        double[] v = new double[n];
        for (int c = 0; c < n; c++) {
            ra.setPosition(x, 0);
            ra.setPosition(y, 1);
            ra.setPosition(c, planeAxis(image));
            v[c] = ra.get().getRealDouble();
        }
        return v;
    }
}
