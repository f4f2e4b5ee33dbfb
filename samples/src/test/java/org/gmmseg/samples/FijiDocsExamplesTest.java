package org.gmmseg.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;

import org.gmmseg.segmentation.SegmentationModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code groovy} and {@code python} example of docs/fiji.md, in page order, with the
 * real Groovy and Jython engines, binding the {@code #@} parameters as Fiji would ({@code imp}: a
 * photo; files: one temporary model file shared by the examples, so that one saves what the next
 * loads).
 */
class FijiDocsExamplesTest {
    private static final Path PAGE = Path.of("..", "docs", "fiji.md");
    private static final Pattern BLOCK = Pattern.compile("```(groovy|python)\\n(.*?)```", Pattern.DOTALL);

    record Example(String language, String source) {
    }

    static List<Example> examples() throws Exception {
        Matcher m = BLOCK.matcher(Files.readString(PAGE));
        List<Example> out = new ArrayList<>();
        while (m.find()) {
            out.add(new Example(m.group(1), m.group(2)));
        }
        return out;
    }

    @Test
    void everyScriptExampleOfTheFijiPageRuns(@TempDir Path dir) throws Exception {
        List<Example> examples = examples();
        assertTrue(examples.size() >= 4, "found " + examples.size() + " examples");
        Interpreter.batchMode = true; // show() keeps images as batch-mode images, as Fiji --headless does
        File modelFile = dir.resolve("model.json").toFile();
        for (Example example : examples) {
            ImagePlus imp = IJ.openImage(Path.of("data", "skimagetut_balloon.jpg").toString());
            assertNotNull(imp);
            Map<String, Object> inputs = new HashMap<>();
            inputs.put("imp", imp);
            inputs.put("modelFile", modelFile);
            int before = ids();
            String printed = run(example, inputs);
            String what = example.language() + " example:\n" + example.source();
            assertTrue(ids() > before, "it showed an image: " + what);
            if (example.source().contains("summary(")) {
                assertTrue(printed.contains("mean in image units (0..255)"), printed + "\n" + what);
            }
        }
        assertEquals(3, SegmentationModel.load(modelFile.toPath()).components(), "the Groovy example saved it");
        for (int id : WindowManager.getIDList() == null ? new int[0] : WindowManager.getIDList()) {
            Interpreter.removeBatchModeImage(WindowManager.getImage(id));
        }
    }

    private static int ids() {
        int[] ids = WindowManager.getIDList();
        return ids == null ? 0 : ids.length;
    }

    /** Evaluates an example as Fiji does: the {@code #@} lines removed, their variables bound. */
    private static String run(Example example, Map<String, Object> inputs) throws Exception {
        ScriptEngine engine = new ScriptEngineManager().getEngineByName(example.language());
        assertNotNull(engine, "no " + example.language() + " engine");
        StringWriter out = new StringWriter();
        engine.getContext().setWriter(out);
        inputs.forEach(engine::put);
        engine.eval(example.source().lines().map(l -> l.startsWith("#@") ? "" : l)
                .collect(Collectors.joining("\n", "", "\n")));
        return out.toString();
    }
}
