package org.gmmseg.segmentation.axes;

import java.util.Locale;
import java.util.Map;

/**
 * The physical size of an image's samples: the width, height and depth of a voxel in one length
 * unit, and the time between frames. An image without calibration has 1 x 1 x 1 voxels in the
 * unit {@value #PIXEL} and no frame interval ({@link #NONE}).
 *
 * <p>Voxel sizes are kept even in pixel units: an ImageJ z-stack may say its slices are 2 pixels
 * apart without a physical unit, and features and smoothing then treat a slice step as 2 pixels.
 *
 * @param pixelWidth size of a voxel along X, in {@code unit}; finite and positive
 * @param pixelHeight size along Y
 * @param voxelDepth size along Z (the distance between slices)
 * @param unit the length unit, e.g. {@code "micron"} or {@code "µm"}; {@value #PIXEL} when the
 *     image is not calibrated
 * @param frameInterval time between frames in {@code timeUnit}; 0 when not known
 * @param timeUnit the unit of the frame interval, e.g. {@code "sec"}
 */
public record Calibration(double pixelWidth, double pixelHeight, double voxelDepth, String unit, double frameInterval,
        String timeUnit) {
    /** The unit of an image without calibration. */
    public static final String PIXEL = "pixel";
    /** The time unit when none is given (ImageJ's default). */
    public static final String SECOND = "sec";
    /** 1 x 1 x 1 pixel voxels, no frame interval. */
    public static final Calibration NONE = new Calibration(1, 1, 1, PIXEL, 0, SECOND);

    /** Metres per unit, by lower-case name; ImageJ writes "micron", tifffile and OME "µm" or "um". */
    private static final Map<String, Double> METRES = Map.ofEntries(
            Map.entry("m", 1.0), Map.entry("meter", 1.0), Map.entry("metre", 1.0),
            Map.entry("cm", 1e-2), Map.entry("mm", 1e-3),
            Map.entry("\u00b5m", 1e-6), Map.entry("\u03bcm", 1e-6), Map.entry("um", 1e-6), Map.entry("micron", 1e-6),
            Map.entry("microns", 1e-6), Map.entry("micrometer", 1e-6), Map.entry("micrometre", 1e-6),
            Map.entry("nm", 1e-9), Map.entry("pm", 1e-12),
            Map.entry("\u00c5", 1e-10), Map.entry("\u212b", 1e-10), Map.entry("angstrom", 1e-10),
            Map.entry("inch", 0.0254), Map.entry("in", 0.0254));

    public Calibration {
        checkSize("pixel width", pixelWidth);
        checkSize("pixel height", pixelHeight);
        checkSize("voxel depth", voxelDepth);
        unit = unit == null || unit.isBlank() || isPixel(unit) ? PIXEL : unit.trim();
        if (!(frameInterval >= 0) || Double.isInfinite(frameInterval)) {
            throw new IllegalArgumentException("frame interval must be a finite number >= 0, got " + frameInterval);
        }
        timeUnit = timeUnit == null || timeUnit.isBlank() ? SECOND : timeUnit.trim();
    }

    private static void checkSize(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be a finite number > 0, got " + v);
        }
    }

    private static boolean isPixel(String unit) {
        String u = unit.trim().toLowerCase(Locale.ROOT);
        return u.equals("pixel") || u.equals("pixels") || u.equals("px");
    }

    /** A spatial calibration in a unit, with no frame interval. */
    public static Calibration of(double pixelWidth, double pixelHeight, double voxelDepth, String unit) {
        return new Calibration(pixelWidth, pixelHeight, voxelDepth, unit, 0, SECOND);
    }

    /** Whether the sizes are in a physical unit rather than in pixels. */
    public boolean physical() {
        return !unit.equals(PIXEL);
    }

    /** The size of a voxel along a spatial axis. */
    public double size(Axis axis) {
        return switch (axis) {
            case X -> pixelWidth;
            case Y -> pixelHeight;
            case Z -> voxelDepth;
            default -> throw new IllegalArgumentException(axis + " is not a spatial axis");
        };
    }

    public Calibration withVoxelDepth(double depth) {
        return new Calibration(pixelWidth, pixelHeight, depth, unit, frameInterval, timeUnit);
    }

    public Calibration withFrameInterval(double interval, String timeUnit) {
        return new Calibration(pixelWidth, pixelHeight, voxelDepth, unit, interval, timeUnit);
    }

    /**
     * How many {@code to} make one {@code from}: 1 for the same unit (by name, ignoring case),
     * the ratio of their lengths for two known length units (m, cm, mm, µm / um / micron, nm, pm,
     * Å, inch), NaN otherwise (e.g. pixels against microns).
     */
    public static double conversion(String from, String to) {
        String f = normalise(from);
        String t = normalise(to);
        if (f.equals(t)) {
            return 1;
        }
        Double mf = METRES.get(f);
        Double mt = METRES.get(t);
        return mf == null || mt == null ? Double.NaN : mf / mt;
    }

    private static String normalise(String unit) {
        if (unit == null || unit.isBlank() || isPixel(unit)) {
            return PIXEL;
        }
        return unit.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        String sizes = number(pixelWidth) + " x " + number(pixelHeight) + " x " + number(voxelDepth) + " " + unit;
        return frameInterval > 0 ? sizes + ", " + number(frameInterval) + " " + timeUnit + " per frame" : sizes;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
