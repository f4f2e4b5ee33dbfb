package org.gmmseg.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names made from names keep their bytes (issue 20, item 1). The odd names are made from file
 * URIs, whose percent-escapes are bytes, so the test does not depend on the locale it runs in:
 * {@code %E9} alone is é in Latin-1, which no UTF-8 or ASCII locale can decode.
 */
class FileNamesTest {
    @TempDir
    Path dir;

    private Path raw(String percentEncodedName) {
        return Path.of(URI.create(dir.toUri() + percentEncodedName));
    }

    @Test
    void plainNames() {
        assertEquals(dir.resolve("x_labels.png"), FileNames.renamed(dir.resolve("x"), "", "_labels.png"));
        assertEquals(dir.resolve(".x.png.tmp-0a"), FileNames.renamed(dir.resolve("x.png"), ".", ".tmp-0a"));
        assertEquals(Path.of("sub", "x_labels.png"), FileNames.renamed(Path.of("sub", "x"), "", "_labels.png"));
        assertEquals(Path.of("a.b"), FileNames.withoutExtension(Path.of("dir", "a.b.png")));
        assertEquals(Path.of(".hidden"), FileNames.withoutExtension(Path.of(".hidden")));
        assertThrows(IllegalArgumentException.class, () -> FileNames.renamed(dir, "", "/x"));
    }

    @Test
    void namesTheLocaleCannotDecodeKeepTheirBytes() throws IOException {
        Path latin1 = Files.writeString(raw("caf%E9%20cr%E8me.png"), "x");
        Path utf8 = Files.writeString(raw("h%C3%A9llo.png"), "x");

        Path stem = FileNames.withoutExtension(latin1);
        Path labels = dir.resolve(FileNames.renamed(stem, "", "_labels.png"));
        Files.writeString(labels, "labels");
        Path temp = FileNames.renamed(latin1, ".", ".tmp-00ff");
        Files.writeString(temp, "temp");

        assertEquals(raw("caf%E9%20cr%E8me_labels.png"), labels);
        assertEquals(raw(".caf%E9%20cr%E8me.png.tmp-00ff"), temp);
        assertTrue(Files.isRegularFile(raw("caf%E9%20cr%E8me_labels.png")));
        assertEquals(raw("h%C3%A9llo_x.png"), dir.resolve(FileNames.renamed(FileNames.withoutExtension(utf8), "", "_x.png")));
    }
}
