package org.gmmseg.segmentation.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageInputsTest {
    @Test
    void outputNamesAreRecognisedInAnyCase() {
        for (String name : new String[] {"a_labels.png", "a_labels.tif", "a_overlay.png", "a_overlay.tif", "a_probabilities.tif",
            "A_LABELS.PNG", "a_selection.png", "model_selection.png"}) {
            assertTrue(ImageInputs.isOutputName(name), name);
        }
        for (String name : new String[] {"labels.png", "a_labels.jpg", "a_overlay.jpg", "a.png"}) {
            assertFalse(ImageInputs.isOutputName(name), name);
        }
    }

    @Test
    void imageExtensionsAreRecognisedInAnyCase() {
        for (String name : new String[] {"a.png", "a.JPG", "a.jpeg", "a.bmp", "a.gif", "a.Tif", "a.tiff"}) {
            assertTrue(ImageInputs.hasImageExtension(name), name);
        }
        for (String name : new String[] {"ATTRIBUTION.md", "png", ".png", "a.png.txt", "a.csv"}) {
            assertFalse(ImageInputs.hasImageExtension(name), name);
        }
    }

    @Test
    void reportFieldsAreQuotedOnlyWhenNeeded() {
        assertEquals("plain text; fine", Batch.csvField("plain text; fine"));
        assertEquals("\"a, b\"", Batch.csvField("a, b"));
        assertEquals("\"say \"\"hi\"\"\"", Batch.csvField("say \"hi\""));
        assertEquals("\"two\nlines\"", Batch.csvField("two\nlines"));
    }
}
