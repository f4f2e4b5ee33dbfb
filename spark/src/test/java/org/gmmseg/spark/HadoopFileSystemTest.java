package org.gmmseg.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.gmmseg.segmentation.io.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Java's file API on a Hadoop file system: here Hadoop's local one, through {@code file:} URIs. */
class HadoopFileSystemTest {
    @TempDir
    Path dir;

    @Test
    void commandLineStringsWithASchemeArePathsOfHadoop() {
        assertEquals(Path.of("in/x.png"), HadoopFileSystem.path("in/x.png"));
        assertEquals(Path.of("C:x.png"), HadoopFileSystem.path("C:x.png"));
        assertEquals(Path.of("plate:a1.png"), HadoopFileSystem.path("plate:a1.png"), "no file system for 'plate'");
        Path p = HadoopFileSystem.path("file:/data/in/x.png");
        assertInstanceOf(HadoopPath.class, p);
        assertEquals("file:/data/in/x.png", p.toString());
        assertEquals(p, HadoopFileSystem.path("file:///data/in/x.png"));
        assertEquals(p, HadoopFileSystem.path(p.toString()));
        assertEquals("x.png", p.getFileName().toString());
        assertEquals("file:/data/in", p.getParent().toString());
        assertEquals("in/x.png", HadoopFileSystem.path("file:/data").relativize(p).toString());
        assertEquals("file:/data/out/sub/x_labels.png",
                HadoopFileSystem.path("file:/data/out").resolve(Path.of("sub/x_labels.png")).toString());
        assertEquals("file:/data/x.png", HadoopFileSystem.path("file:/data/in/../x.png").normalize().toString());
        assertTrue(p.startsWith(HadoopFileSystem.path("file:/data")));
    }

    @Test
    void filesAreListedReadWrittenAndRenamed() throws IOException {
        Files.createDirectories(dir.resolve("in/sub"));
        Files.writeString(dir.resolve("in/a.txt"), "a");
        Files.writeString(dir.resolve("in/sub/b.txt"), "bb");
        Path in = HadoopFileSystem.path("file:" + dir.resolve("in"));
        assertTrue(Files.isDirectory(in));
        assertTrue(Files.isRegularFile(in.resolve("a.txt")));
        assertFalse(Files.exists(in.resolve("c.txt")));
        assertEquals(2, Files.size(in.resolve("sub/b.txt")));
        try (Stream<Path> walk = Files.walk(in)) {
            assertEquals(List.of("", "a.txt", "sub", "sub/b.txt"), walk.map(p -> in.relativize(p).toString()).sorted()
                    .toList());
        }
        assertEquals("bb", Files.readString(in.resolve("sub/b.txt")));
        assertThrows(NoSuchFileException.class, () -> Files.readAllBytes(in.resolve("c.txt")));

        Path report = HadoopFileSystem.path("file:" + dir.resolve("out/deeper/report.csv"));
        AtomicFiles.writeString(report, "one\n");
        AtomicFiles.writeString(report, "two\n");
        assertEquals("two\n", Files.readString(dir.resolve("out/deeper/report.csv")));
        try (Stream<Path> list = Files.list(dir.resolve("out/deeper"))) {
            assertEquals(List.of("report.csv"), list.map(p -> p.getFileName().toString()).toList(),
                    "no temporary or checksum files left");
        }
    }
}
