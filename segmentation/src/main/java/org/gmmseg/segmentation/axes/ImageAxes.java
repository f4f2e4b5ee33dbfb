package org.gmmseg.segmentation.axes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the dimensions of an imglib2 interval are: one {@link Axis} per dimension, in dimension
 * order (dimension 0 first, as imglib2 counts), and the {@link Calibration} of the samples. X and Y
 * are required, Z, T and C optional, each at most once. The image's sizes are the interval's.
 *
 * <pre>{@code
 * ImageAxes.of("xyzc")                                   // a multi-channel volume, uncalibrated
 * ImageAxes.of("xyzt").withCalibration(Calibration.of(0.2, 0.2, 1.0, "micron"))
 * }</pre>
 *
 * <p>Nothing is guessed from the number of dimensions: an X x Y x N interval may be a volume
 * ({@code "xyz"}), a time series ({@code "xyt"}) or channels ({@code "xyc"}), and only its axes say
 * which. Immutable; equality by axes and calibration.
 */
public final class ImageAxes {
    private final List<Axis> order;
    private final Calibration calibration;

    private ImageAxes(List<Axis> order, Calibration calibration) {
        this.order = List.copyOf(order);
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        if (!this.order.contains(Axis.X) || !this.order.contains(Axis.Y)) {
            throw new IllegalArgumentException("axes " + letters() + " need x and y");
        }
        if (this.order.stream().distinct().count() != this.order.size()) {
            throw new IllegalArgumentException("axes " + letters() + " name an axis twice");
        }
    }

    /**
     * The axes named by letters in dimension order, e.g. {@code "xyzc"}, in either case; no calibration.
     *
     * @throws IllegalArgumentException for an unknown or repeated letter, or without x and y
     */
    public static ImageAxes of(String letters) {
        List<Axis> axes = new ArrayList<>(letters.length());
        for (char c : letters.trim().toCharArray()) {
            axes.add(Axis.of(c));
        }
        return new ImageAxes(axes, Calibration.NONE);
    }

    public static ImageAxes of(List<Axis> order, Calibration calibration) {
        return new ImageAxes(order, calibration);
    }

    public ImageAxes withCalibration(Calibration c) {
        return new ImageAxes(order, c);
    }

    /** The axes in dimension order. */
    public List<Axis> order() {
        return order;
    }

    public Calibration calibration() {
        return calibration;
    }

    public int numDimensions() {
        return order.size();
    }

    public boolean has(Axis axis) {
        return order.contains(axis);
    }

    /** The dimension of an axis, or -1 when there is none. */
    public int dimensionOf(Axis axis) {
        return order.indexOf(axis);
    }

    /** These axes without one (e.g. the axes of a label image: without C); the same when it is absent. */
    public ImageAxes without(Axis axis) {
        List<Axis> rest = new ArrayList<>(order);
        rest.remove(axis);
        return new ImageAxes(rest, calibration);
    }

    /** These axes with {@code axis} put last; the same when it is present. */
    public ImageAxes with(Axis axis) {
        if (has(axis)) {
            return this;
        }
        List<Axis> more = new ArrayList<>(order);
        more.add(axis);
        return new ImageAxes(more, calibration);
    }

    /** The letters in dimension order, e.g. {@code "xyzc"}. */
    public String letters() {
        return order.stream().map(a -> String.valueOf(a.letter())).collect(Collectors.joining());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageAxes other && order.equals(other.order) && calibration.equals(other.calibration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(order, calibration);
    }

    @Override
    public String toString() {
        return letters() + (calibration.equals(Calibration.NONE) ? "" : " (" + calibration + ")");
    }
}
