package org.gmmseg.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;

import ij.IJ;
import ij.ImagePlus;
import ij.Menus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code scripts/batch.ijm} with ImageJ's macro interpreter in headless mode, as
 * {@code ImageJ-linux64 --headless -macro batch.ijm "in/,out/"} does.
 */
class BatchMacroTest {

    /**
     * Plain ImageJ 1.x builds its command table with AWT menus, impossible headless; Fiji's
     * headless mode reads the jars' plugins.config instead. Put our two commands in the table.
     */
    @SuppressWarnings("unchecked")
    private static void registerCommands() throws ReflectiveOperationException {
        Field table = Menus.class.getDeclaredField("pluginsTable");
        table.setAccessible(true);
        Hashtable<String, String> commands = (Hashtable<String, String>) table.get(null);
        if (commands == null) {
            commands = new Hashtable<>();
            table.set(null, commands);
        }
        commands.put("GMM Segmentation", "org.gmmseg.fiji.SegmentPlugin");
        commands.put("GMM Segmentation (apply model)", "org.gmmseg.fiji.ApplyModelPlugin");
    }

    @Test
    void batchMacroLabelsEveryImageOfAFolder(@TempDir Path dir) throws Exception {
        registerCommands();
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(Path.of("data/skimagetut_balloon.jpg"), in.resolve("balloon.jpg"));
        Files.copy(Path.of("data/skimage_cell.png"), in.resolve("cell.png"));
        Files.writeString(in.resolve("readme.txt"), "skipped");
        Path out = dir.resolve("out");

        PrintStream original = System.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            IJ.runMacroFile(Path.of("scripts/batch.ijm").toAbsolutePath().toString(), in + "," + out);
        } finally {
            System.setOut(original);
        }
        String printed = log.toString(StandardCharsets.UTF_8);
        original.print(printed);

        assertTrue(printed.contains("balloon.jpg -> balloon-labels.tif"), printed);
        assertTrue(printed.contains("cell.png -> cell-labels.tif"), printed);
        ImagePlus balloon = IJ.openImage(out.resolve("balloon-labels.tif").toString());
        assertEquals(225, balloon.getWidth());
        assertEquals(8, balloon.getBitDepth());
        ImagePlus cell = IJ.openImage(out.resolve("cell-labels.tif").toString());
        assertEquals(550, cell.getWidth());
        double max = cell.getProcessor().getStatistics().max;
        assertEquals(3, max, "labels 1..3");
    }
}
