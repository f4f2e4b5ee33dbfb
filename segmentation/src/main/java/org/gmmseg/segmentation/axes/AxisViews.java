package org.gmmseg.segmentation.axes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.view.Views;

/** Views of images with their axes rearranged. Stateless. */
public final class AxisViews {
    private AxisViews() {
    }

    /**
     * The image as a view whose dimensions are {@code target}, in that order: axes of the image that are not in
     * {@code target} must have size 1 and are dropped; axes in {@code target} that the image lacks are added with
     * size 1. No pixel is copied; the view reads and writes the image.
     *
     * @param axes the axes of {@code image}, one per dimension
     * @throws IllegalArgumentException when the image does not have as many dimensions as axes, or an axis to drop
     *     is longer than 1
     */
    public static <T> RandomAccessibleInterval<T> arrange(RandomAccessibleInterval<T> image, ImageAxes axes,
            List<Axis> target) {
        if (image.numDimensions() != axes.numDimensions()) {
            throw new IllegalArgumentException("the image has " + image.numDimensions() + " dimensions but the axes "
                    + axes.letters() + " are " + axes.numDimensions());
        }
        List<Axis> current = new ArrayList<>(axes.order());
        RandomAccessibleInterval<T> view = image;
        for (int d = current.size() - 1; d >= 0; d--) {
            if (!target.contains(current.get(d))) {
                if (view.dimension(d) != 1) {
                    throw new IllegalArgumentException("axis " + current.get(d) + " has size " + view.dimension(d)
                            + " but only " + letters(target) + " are expected here");
                }
                view = Views.hyperSlice(view, d, view.min(d));
                current.remove(d);
            }
        }
        for (Axis a : target) {
            if (!current.contains(a)) {
                view = Views.addDimension(view, 0, 0);
                current.add(a);
            }
        }
        for (int i = 0; i < target.size(); i++) {
            int j = current.indexOf(target.get(i));
            if (j != i) {
                view = Views.permute(view, i, j);
                Collections.swap(current, i, j);
            }
        }
        return view;
    }

    private static String letters(List<Axis> axes) {
        StringBuilder b = new StringBuilder();
        axes.forEach(a -> b.append(a.letter()));
        return b.toString();
    }
}
