package org.gmmseg.segmentation.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.select.SelectionTable;
import org.gmmseg.segmentation.io.AtomicFiles;

/**
 * The model-selection plot: the criterion against K, one line per covariance type, the chosen
 * candidate ringed. Written as SVG or PNG (by the file's extension) with plain Java, atomically
 * and with normal permissions, through {@link AtomicFiles} like the images.
 */
public final class CriterionPlot {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 460;
    private static final double LEFT = 90;
    private static final double RIGHT = 150;
    private static final double TOP = 50;
    private static final double BOTTOM = 60;
    private static final Color AXIS = new Color(0x33, 0x33, 0x33);
    private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
    private static final Color FAILED = new Color(0x99, 0x99, 0x99);

    private CriterionPlot() {
    }

    /** Colour of each covariance type's line (colour-blind-safe Okabe-Ito hues). */
    static Color color(CovarianceType t) {
        return switch (t) {
            case FULL -> new Color(0x00, 0x72, 0xb2);
            case TIED -> new Color(0xe6, 0x9f, 0x00);
            case DIAG -> new Color(0x00, 0x9e, 0x73);
            case SPHERICAL -> new Color(0xcc, 0x79, 0xa7);
        };
    }

    /**
     * Writes the plot; the format follows the extension (.svg or .png).
     *
     * @throws IllegalArgumentException for another extension
     */
    public static void write(Path file, SelectionTable table) throws IOException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg")) {
            byte[] svg = svg(table).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(file, out -> out.write(svg));
        } else if (name.endsWith(".png")) {
            BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            draw(new Graphics2DCanvas(g), table);
            g.dispose();
            AtomicFiles.write(file, out -> {
                if (!ImageIO.write(img, "png", out)) {
                    throw new IOException("no PNG writer");
                }
            });
        } else {
            throw new IllegalArgumentException(file + ": plot files must end in .svg or .png");
        }
    }

    /** SVG text of the plot, for tests and embedding. */
    public static String svg(SelectionTable table) {
        SvgCanvas svg = new SvgCanvas(WIDTH, HEIGHT);
        draw(svg, table);
        return svg.finish();
    }

    static void draw(Canvas c, SelectionTable t) {
        String crit = t.criterion().id().toUpperCase(Locale.ROOT);
        List<SelectionTable.Row> rows = t.rows();
        int kMin = rows.stream().mapToInt(SelectionTable.Row::components).min().orElse(1);
        int kMax = rows.stream().mapToInt(SelectionTable.Row::components).max().orElse(1);
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (SelectionTable.Row r : rows) {
            if (r.ok()) {
                yMin = Math.min(yMin, r.value(t.criterion()));
                yMax = Math.max(yMax, r.value(t.criterion()));
            }
        }
        if (yMin == yMax) {
            yMin -= 1;
            yMax += 1;
        }
        double[] ticks = niceTicks(yMin, yMax, 6);
        double lo = ticks[0];
        double hi = ticks[ticks.length - 1];
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator sx = k -> LEFT + (kMax == kMin ? plotW / 2 : (k - kMin) / (kMax - kMin) * plotW);
        java.util.function.DoubleUnaryOperator sy = v -> TOP + (hi - v) / (hi - lo) * plotH;

        c.text(LEFT + plotW / 2, 28, crit + " by number of components (lower is better)", AXIS, 15, Canvas.Anchor.MIDDLE, true);
        for (double v : ticks) {
            double y = sy.applyAsDouble(v);
            c.line(LEFT, y, LEFT + plotW, y, GRID, 1, false);
            c.text(LEFT - 8, y + 4, format(v, ticks), AXIS, 11, Canvas.Anchor.END, false);
        }
        int step = Math.max(1, (kMax - kMin + 11) / 12);
        for (int k = kMin; k <= kMax; k += step) {
            double x = sx.applyAsDouble(k);
            c.line(x, TOP + plotH, x, TOP + plotH + 5, AXIS, 1, false);
            c.text(x, TOP + plotH + 20, Integer.toString(k), AXIS, 11, Canvas.Anchor.MIDDLE, false);
        }
        c.line(LEFT, TOP, LEFT, TOP + plotH, AXIS, 1.2, false);
        c.line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, AXIS, 1.2, false);
        c.text(LEFT + plotW / 2, HEIGHT - 15, "number of components K", AXIS, 13, Canvas.Anchor.MIDDLE, false);
        c.text(20, TOP - 12, crit, AXIS, 13, Canvas.Anchor.START, false);

        double legendY = TOP + 10;
        for (CovarianceType type : CovarianceType.values()) {
            List<double[]> pts = new ArrayList<>();
            boolean present = false;
            for (SelectionTable.Row r : rows) {
                if (r.covarianceType() != type) {
                    continue;
                }
                present = true;
                double x = sx.applyAsDouble(r.components());
                if (r.ok()) {
                    pts.add(new double[] {x, sy.applyAsDouble(r.value(t.criterion()))});
                } else {
                    // not fitted: a grey cross on the axis
                    double y = TOP + plotH;
                    c.line(x - 4, y - 4, x + 4, y + 4, FAILED, 1.5, false);
                    c.line(x - 4, y + 4, x + 4, y - 4, FAILED, 1.5, false);
                }
            }
            if (!present) {
                continue;
            }
            Color col = color(type);
            if (pts.size() > 1) {
                c.polyline(pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray(), col, 2);
            }
            for (double[] p : pts) {
                c.circle(p[0], p[1], 3.5, col, col, 1);
            }
            double lx = LEFT + plotW + 20;
            c.line(lx, legendY, lx + 24, legendY, col, 2, false);
            c.circle(lx + 12, legendY, 3.5, col, col, 1);
            c.text(lx + 32, legendY + 4, type.id(), AXIS, 12, Canvas.Anchor.START, false);
            legendY += 20;
        }
        if (rows.stream().anyMatch(r -> !r.ok())) {
            double lx = LEFT + plotW + 20;
            c.line(lx + 8, legendY - 4, lx + 16, legendY + 4, FAILED, 1.5, false);
            c.line(lx + 8, legendY + 4, lx + 16, legendY - 4, FAILED, 1.5, false);
            c.text(lx + 32, legendY + 4, "not fitted", AXIS, 12, Canvas.Anchor.START, false);
        }
        SelectionTable.Row best = t.chosenRow();
        double bx = sx.applyAsDouble(best.components());
        double by = sy.applyAsDouble(best.value(t.criterion()));
        c.circle(bx, by, 9, null, Color.BLACK, 2);
        c.text(bx, by + 24, "chosen: K=" + best.components() + " " + best.covarianceType(), Color.BLACK, 12,
                Canvas.Anchor.MIDDLE, true);
    }

    /** About {@code count} round tick values covering [lo, hi]. */
    static double[] niceTicks(double lo, double hi, int count) {
        double raw = (hi - lo) / Math.max(1, count - 1);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        double start = Math.floor(lo / step) * step;
        double end = Math.ceil(hi / step) * step;
        int n = (int) Math.round((end - start) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = start + i * step;
        }
        return t;
    }

    private static String format(double v, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step));
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }
}
