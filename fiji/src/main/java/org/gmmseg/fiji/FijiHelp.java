package org.gmmseg.fiji;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The Help button of the dialogs: docs/fiji.md, which the plugin jar carries, shown as text in
 * ImageJ's HTML window (no browser or network needed). Stateless.
 */
final class FijiHelp {
    /** Where the build puts docs/fiji.md in the jar. */
    static final String RESOURCE = "/org/gmmseg/fiji/docs/fiji.md";

    private FijiHelp() {
    }

    /** docs/fiji.md as the plain text of the jar's copy, or a pointer to it when the copy is missing. */
    static String markdown() {
        try (InputStream in = FijiHelp.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            // fall through to the pointer
        }
        return "See docs/fiji.md in the gmmseg sources.";
    }

    /** The page for {@code GenericDialog.addHelp}, which shows a text starting with {@code <html>} itself. */
    static String html() {
        String text = markdown().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<html><body><pre>" + text + "</pre></body></html>";
    }
}
