package org.gmmseg.segmentation.plot;

import java.awt.Color;
import java.util.Locale;

/** A {@link Canvas} that writes SVG 1.1 text. */
final class SvgCanvas implements Canvas {
    private final StringBuilder svg = new StringBuilder();

    SvgCanvas(int width, int height) {
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        + "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">%n",
                        width, height, width, height))
                .append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
    }

    private static String hex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Color color, double width, boolean dashed) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\" "
                + "stroke-width=\"%.2f\"%s/>%n", x1, y1, x2, y2, hex(color), width,
                dashed ? " stroke-dasharray=\"4 3\"" : ""));
    }

    @Override
    public void polyline(double[] xs, double[] ys, Color color, double width) {
        svg.append("<polyline fill=\"none\" stroke=\"").append(hex(color))
                .append(String.format(Locale.ROOT, "\" stroke-width=\"%.2f\" points=\"", width));
        for (int i = 0; i < xs.length; i++) {
            svg.append(String.format(Locale.ROOT, "%s%.2f,%.2f", i == 0 ? "" : " ", xs[i], ys[i]));
        }
        svg.append("\"/>\n");
    }

    @Override
    public void circle(double cx, double cy, double r, Color fill, Color stroke, double strokeWidth) {
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"%s\" stroke=\"%s\" "
                + "stroke-width=\"%.2f\"/>%n", cx, cy, r, fill == null ? "none" : hex(fill), hex(stroke), strokeWidth));
    }

    @Override
    public void text(double x, double y, String text, Color color, int size, Anchor anchor, boolean bold) {
        String a = switch (anchor) {
            case START -> "start";
            case MIDDLE -> "middle";
            case END -> "end";
        };
        svg.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%d\" fill=\"%s\" "
                + "text-anchor=\"%s\"%s>%s</text>%n", x, y, size, hex(color), a, bold ? " font-weight=\"bold\"" : "",
                escape(text)));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    String finish() {
        return svg + "</svg>\n";
    }
}
