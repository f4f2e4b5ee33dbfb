package org.gmmseg.segmentation.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Samples;
import org.gmmseg.core.select.ModelSelection;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.core.select.SelectionTable;
import org.gmmseg.segmentation.io.ImageWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriterionPlotTest {
    static SelectionTable table() {
        GaussianMixture g = GaussianMixture.spherical(new double[] {0.5, 0.5}, new double[][] {{0, 0}, {6, 6}},
                new double[] {1, 1});
        Samples x = g.sample(600, 3).samples();
        return SelectionTable.of(ModelSelection.select(x, SelectionOptions.of(SelectionOptions.parseComponents("1..5"))
                .withCovarianceTypes(List.of(CovarianceType.FULL, CovarianceType.DIAG))));
    }

    @Test
    void svgHasOneLinePerCovarianceTypeAndMarksTheChoice(@TempDir Path dir) throws Exception {
        SelectionTable t = table();
        Path file = dir.resolve("sub/plot.svg");
        CriterionPlot.write(file, t);
        String svg = Files.readString(file);
        assertTrue(svg.startsWith("<?xml") && svg.trim().endsWith("</svg>"));
        assertEquals(2, svg.split("<polyline").length - 1, "one line per covariance type");
        assertTrue(svg.contains("chosen: K=" + t.chosenRow().components()), svg);
        assertTrue(svg.contains(">full<") && svg.contains(">diag<"));
        assertEquals(List.of("plot.svg"), Files.list(dir.resolve("sub")).map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void pngIsAPictureOfTheRightSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plot.png");
        CriterionPlot.write(file, table());
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(760, img.getWidth());
        assertEquals(460, img.getHeight());
        assertTrue(img.getRGB(5, 5) == 0xffffffff, "white background");
        boolean coloured = false;
        for (int y = 0; y < img.getHeight() && !coloured; y++) {
            for (int x = 0; x < img.getWidth() && !coloured; x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                coloured = rgb == (CriterionPlot.color(CovarianceType.FULL).getRGB() & 0xffffff);
            }
        }
        assertTrue(coloured, "the full-covariance line is drawn");
    }

    /** Not Files.createTempFile's owner-only 0600: the same permissions as the images written next to it. */
    @Test
    void plotsGetTheSamePermissionsAsTheOtherOutputs(@TempDir Path dir) throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file permissions");
        Path overlay = dir.resolve("overlay.png");
        ImageWriter.writeRgb(overlay, new int[] {0xff000000}, 1, 1);
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(overlay);
        assumeTrue(expected.contains(PosixFilePermission.GROUP_READ)
                && expected.contains(PosixFilePermission.OTHERS_READ), "a umask that lets group and others read");
        for (String name : List.of("plot.svg", "plot.png")) {
            Path file = dir.resolve(name);
            CriterionPlot.write(file, table());
            Set<PosixFilePermission> actual = Files.getPosixFilePermissions(file);
            assertEquals(expected, actual, name);
            assertTrue(actual.contains(PosixFilePermission.GROUP_READ), name + " readable by group");
            assertTrue(actual.contains(PosixFilePermission.OTHERS_READ), name + " readable by others");
        }
    }

    @Test
    void otherExtensionsAreRefused(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> CriterionPlot.write(dir.resolve("plot.pdf"), table()));
        assertEquals(0, dir.toFile().list().length, "nothing written");
    }

    @Test
    void ticksAreRound() {
        assertArrayEquals(new double[] {0, 20, 40, 60, 80, 100}, CriterionPlot.niceTicks(3, 97, 6), 1e-9);
        assertArrayEquals(new double[] {-3000, -2500, -2000, -1500}, CriterionPlot.niceTicks(-2950, -1600, 5), 1e-9);
    }
}
