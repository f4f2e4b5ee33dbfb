package org.gmmseg.fiji;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.IJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.macro.Interpreter;

/**
 * Plain ImageJ 1.x in headless mode, set up the way Fiji's headless mode (ij1-patcher) sets it up:
 * ImageJ 1.x builds its command table together with AWT menus, which cannot exist headless, so
 * the commands of our {@code plugins.config} are put into the table directly; and images are
 * kept as batch-mode images, as {@code --headless} does. What the log receives (in headless mode
 * {@code IJ.log} prints to {@code System.out}) is captured by {@link #capture}.
 */
final class HeadlessImageJ {
    private static final Pattern ENTRY = Pattern.compile("^\\s*([^,#]+),\\s*\"([^\"]+)\",\\s*(\\S+)\\s*$");

    private HeadlessImageJ() {
    }

    /** The command -> class entries of plugins.config, in file order. */
    static Map<String, String> pluginsConfig() {
        Map<String, String> entries = new LinkedHashMap<>();
        try (InputStream in = HeadlessImageJ.class.getResourceAsStream("/plugins.config")) {
            if (in == null) {
                throw new IllegalStateException("plugins.config is not on the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                Matcher m = ENTRY.matcher(line);
                if (m.matches()) {
                    entries.put(m.group(2), m.group(3));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** Registers our commands and turns batch mode on; closes images left from earlier tests. */
    @SuppressWarnings("unchecked")
    static synchronized void setUp() {
        try {
            Field table = Menus.class.getDeclaredField("pluginsTable");
            table.setAccessible(true);
            Hashtable<String, String> commands = (Hashtable<String, String>) table.get(null);
            if (commands == null) {
                commands = new Hashtable<>();
                table.set(null, commands);
            }
            commands.putAll(pluginsConfig());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot register the commands with ImageJ", e);
        }
        Interpreter.batchMode = true;
        SegmentPlugin.setKernelLogged(true); // the once-per-session kernel line; SegmentPluginTest checks it
        IJ.resetEscape();
        closeAll();
    }

    static void closeAll() {
        for (int id : ids()) {
            ImagePlus imp = WindowManager.getImage(id);
            if (imp != null) {
                Interpreter.removeBatchModeImage(imp);
            }
        }
        WindowManager.setTempCurrentImage(null);
    }

    static int[] ids() {
        int[] ids = WindowManager.getIDList();
        return ids == null ? new int[0] : ids;
    }

    /** What ran wrote to the log (System.out in headless mode) while it ran. */
    static String capture(Runnable ran) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            ran.run();
        } finally {
            System.setOut(original);
        }
        String text = buffer.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }

    /** IJ.run on an image, returning the log. */
    static String run(ImagePlus imp, String command, String options) {
        return capture(() -> IJ.run(imp, command, options));
    }
}
