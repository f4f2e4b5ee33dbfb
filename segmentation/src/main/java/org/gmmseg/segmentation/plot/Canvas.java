package org.gmmseg.segmentation.plot;

import java.awt.Color;

/** The few drawing primitives a plot needs, so one drawing routine serves SVG and PNG. */
interface Canvas {
    /** Horizontal text anchor. */
    enum Anchor { START, MIDDLE, END }

    void line(double x1, double y1, double x2, double y2, Color color, double width, boolean dashed);

    void polyline(double[] xs, double[] ys, Color color, double width);

    void circle(double cx, double cy, double r, Color fill, Color stroke, double strokeWidth);

    void text(double x, double y, String text, Color color, int size, Anchor anchor, boolean bold);
}
