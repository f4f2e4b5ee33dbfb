package org.gmmseg.fiji;

import java.util.List;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

import org.gmmseg.segmentation.label.Palette;

/**
 * Builds the output images of the commands from per-plane results: the label image with the
 * label {@link Palette} as its lookup table, the probability stack and the RGB overlay, all with the source's
 * title, spatial calibration and slice/time-point layout. Stateless.
 */
final class ResultImages {
    /** Opacity of the label colours in the overlay (as {@code Overlays.blend} is used elsewhere). */
    static final double OVERLAY_OPACITY = 0.5;

    private ResultImages() {
    }

    /** {@code <title>-labels}: one 8- or 16-bit plane per source plane, labels 1..K, 0 black. */
    static ImagePlus labels(ImagePlus source, List<ImageProcessor> planes) {
        ImagePlus out = assemble(source, Titles.derived(source.getTitle(), "-labels"), planes, 1);
        byte[][] palette = Palette.lut();
        LUT lut = new LUT(palette[0], palette[1], palette[2]);
        lut.min = 0;
        lut.max = 255;
        out.setLut(lut);
        out.setDisplayRange(0, 255);
        return out;
    }

    /**
     * {@code <title>-probabilities}: 32-bit responsibilities in [0, 1]. For one source plane, a
     * stack of K slices; for several, a hyperstack with the K components as channels.
     */
    static ImagePlus probabilities(ImagePlus source, List<List<FloatProcessor>> planes) {
        int k = planes.get(0).size();
        List<ImageProcessor> flat = planes.stream().<ImageProcessor>flatMap(List::stream).toList();
        String title = Titles.derived(source.getTitle(), "-probabilities");
        ImagePlus out = planes.size() == 1 ? assemble(title, flat, 1, k, 1, source)
                : assemble(source, title, flat, k);
        for (int i = 0; i < flat.size(); i++) {
            out.getStack().setSliceLabel("component " + (i % k + 1), i + 1);
        }
        out.setDisplayRange(0, 1);
        return out;
    }

    /** {@code <title>-overlay}: the image as displayed with the label colours blended over it. */
    static ImagePlus overlay(ImagePlus source, List<ImageProcessor> labels) {
        int w = source.getWidth();
        int h = source.getHeight();
        List<ImageProcessor> planes = new java.util.ArrayList<>(labels.size());
        for (int p = 0; p < labels.size(); p++) {
            int[] base = displayed(source, p);
            ImageProcessor lab = labels.get(p);
            int[] rgb = new int[w * h];
            for (int i = 0; i < rgb.length; i++) {
                int label = lab.get(i);
                rgb[i] = label == 0 ? base[i] : blend(base[i], Palette.rgb(label), OVERLAY_OPACITY);
            }
            planes.add(new ColorProcessor(w, h, rgb));
        }
        return assemble(source, Titles.derived(source.getTitle(), "-overlay"), planes, 1);
    }

    private static ImagePlus assemble(ImagePlus source, String title, List<? extends ImageProcessor> planes,
            int channels) {
        return assemble(title, planes, channels, source.getNSlices(), source.getNFrames(), source);
    }

    private static ImagePlus assemble(String title, List<? extends ImageProcessor> planes, int channels, int slices,
            int frames, ImagePlus source) {
        ImageStack stack = new ImageStack(source.getWidth(), source.getHeight());
        for (ImageProcessor ip : planes) {
            stack.addSlice(null, ip);
        }
        ImagePlus out = new ImagePlus(title, stack);
        out.setDimensions(channels, slices, frames);
        if ((channels > 1 ? 1 : 0) + (slices > 1 ? 1 : 0) + (frames > 1 ? 1 : 0) > 1) {
            out.setOpenAsHyperStack(true);
        }
        Calibration cal = source.getCalibration().copy();
        cal.disableDensityCalibration();
        out.setCalibration(cal);
        return out;
    }

    /** Plane p of the source as ImageJ displays it (LUTs and display ranges applied), as 0xRRGGBB. */
    static int[] displayed(ImagePlus source, int p) {
        int n = source.getWidth() * source.getHeight();
        int z = p % source.getNSlices() + 1;
        int t = p / source.getNSlices() + 1;
        ImageStack stack = source.getStack();
        if (source.getType() == ImagePlus.COLOR_RGB) {
            int[] px = (int[]) stack.getProcessor(source.getStackIndex(1, z, t)).getPixels();
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = px[i] & 0xffffff;
            }
            return out;
        }
        int[] r = new int[n];
        int[] g = new int[n];
        int[] b = new int[n];
        int[] channels;
        LUT[] luts;
        if (source instanceof CompositeImage ci && source.getNChannels() > 1) {
            luts = ci.getLuts();
            channels = ci.getMode() == IJ.COMPOSITE ? activeChannels(ci) : new int[] {ci.getChannel()};
        } else {
            LUT lut = (LUT) source.getProcessor().getLut().clone();
            lut.min = source.getDisplayRangeMin();
            lut.max = source.getDisplayRangeMax();
            luts = new LUT[] {lut};
            channels = new int[] {source.getNChannels() > 1 ? source.getChannel() : 1};
        }
        for (int c : channels) {
            LUT lut = luts[Math.min(c, luts.length) - 1];
            ImageProcessor ip = stack.getProcessor(source.getStackIndex(c, z, t));
            double min = lut.min;
            double max = lut.max;
            for (int i = 0; i < n; i++) {
                double v = ip.getf(i);
                int index = max > min ? (int) Math.floor((v - min) / (max - min) * 256) : (v > min ? 255 : 0);
                int rgb = lut.getRGB(Math.max(0, Math.min(255, index)));
                r[i] += rgb >> 16 & 0xff;
                g[i] += rgb >> 8 & 0xff;
                b[i] += rgb & 0xff;
            }
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.min(255, r[i]) << 16 | Math.min(255, g[i]) << 8 | Math.min(255, b[i]);
        }
        return out;
    }

    private static int[] activeChannels(CompositeImage ci) {
        boolean[] active = ci.getActiveChannels();
        return java.util.stream.IntStream.rangeClosed(1, ci.getNChannels()).filter(c -> active[c - 1]).toArray();
    }

    private static int blend(int base, int colour, double alpha) {
        int r = (int) Math.round((1 - alpha) * (base >> 16 & 0xff) + alpha * (colour >> 16 & 0xff));
        int g = (int) Math.round((1 - alpha) * (base >> 8 & 0xff) + alpha * (colour >> 8 & 0xff));
        int b = (int) Math.round((1 - alpha) * (base & 0xff) + alpha * (colour & 0xff));
        return r << 16 | g << 8 | b;
    }
}
