package org.gmmseg.segmentation.io;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.gmmseg.segmentation.axes.Axis;

/**
 * The axes a user declares for the pages of image files, overriding what the files say (the
 * command line's {@code --axes}). Written as in tifffile and numpy, slowest axis first and ending in
 * {@code yx}: {@code zyx} (every page a slice), {@code tyx} (every page a frame), {@code cyx}
 * (every page a channel), {@code tzcyx} (ImageJ's hyperstack order). An axis may carry its size,
 * {@code c2zyx} (two channels, the pages of each channel's slices together); at most one axis may
 * leave it out, and it gets what the file's page count leaves. The samples of a page (RGB) are
 * always channels, so a file whose pages have several samples cannot also have a {@code c} axis of
 * pages. Immutable; serialisable, so that a batch's jobs can carry it to other machines.
 */
public final class DeclaredAxes implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String text;
    private final List<Axis> axes;
    private final int[] sizes;

    private DeclaredAxes(String text, List<Axis> axes, int[] sizes) {
        this.text = text;
        this.axes = axes;
        this.sizes = sizes;
    }

    /**
     * Parses the declaration.
     *
     * @throws IllegalArgumentException saying what is wrong, e.g. {@code axes 'zy' must end in yx}
     */
    public static DeclaredAxes parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (!s.endsWith("yx") || s.length() < 2) {
            throw new IllegalArgumentException("axes '" + text + "' must end in yx (slowest axis first, as in "
                    + "tifffile: zyx, tyx, czyx, c2zyx)");
        }
        List<Axis> axes = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String pageAxes = s.substring(0, s.length() - 2);
        int unsized = 0;
        for (int i = 0; i < pageAxes.length();) {
            char letter = pageAxes.charAt(i++);
            Axis axis;
            try {
                axis = Axis.of(letter);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("axes '" + text + "': '" + letter + "' is not an axis of pages "
                        + "(use t, z or c before yx)");
            }
            if (axis.spatial() && axis != Axis.Z) {
                throw new IllegalArgumentException("axes '" + text + "': x and y must be the last two letters");
            }
            if (axes.contains(axis)) {
                throw new IllegalArgumentException("axes '" + text + "' name " + letter + " twice");
            }
            int start = i;
            while (i < pageAxes.length() && Character.isDigit(pageAxes.charAt(i))) {
                i++;
            }
            int size = -1;
            if (i > start) {
                try {
                    size = Integer.parseInt(pageAxes.substring(start, i));
                } catch (NumberFormatException e) {
                    size = 0;
                }
                if (size < 1) {
                    throw new IllegalArgumentException("axes '" + text + "': the size of " + letter + " must be a "
                            + "whole number >= 1");
                }
            } else {
                unsized++;
            }
            axes.add(axis);
            sizes.add(size);
        }
        if (unsized > 1) {
            throw new IllegalArgumentException("axes '" + text + "': give the size of every axis but one, e.g. c2zyx "
                    + "(2 channels, the slices from the page count)");
        }
        return new DeclaredAxes(text.trim(), List.copyOf(axes), sizes.stream().mapToInt(Integer::intValue).toArray());
    }

    /** As given, e.g. {@code c2zyx}. */
    public String text() {
        return text;
    }

    /**
     * How a file of this many pages splits into the declared axes.
     *
     * @throws IllegalArgumentException when the sizes do not fit the page count, e.g. {@code --axes
     *     c2zyx does not fit 7 pages (7 is not a multiple of 2)}
     */
    PageLayout layout(int pages) {
        long known = 1;
        int missing = -1;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 0) {
                missing = i;
            } else {
                known *= sizes[i];
            }
        }
        int[] resolved = sizes.clone();
        if (missing >= 0) {
            if (pages % known != 0) {
                throw new IllegalArgumentException("--axes " + text + " does not fit " + pages + " page"
                        + (pages == 1 ? "" : "s") + " (" + pages + " is not a multiple of " + known + ")");
            }
            resolved[missing] = (int) (pages / known);
        } else if (known != pages) {
            throw new IllegalArgumentException("--axes " + text + " has " + known + " plane" + (known == 1 ? "" : "s")
                    + " but the file has " + pages + " page" + (pages == 1 ? "" : "s"));
        }
        return PageLayout.inOrder(axes, resolved);
    }

    @Override
    public String toString() {
        return text;
    }
}
