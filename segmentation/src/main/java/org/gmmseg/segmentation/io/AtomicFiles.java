package org.gmmseg.segmentation.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.gmmseg.core.io.FileNames;

/**
 * Writes a file so that readers never see it half-written: the content goes to a temporary file in the same folder
 * ({@code .<name>.tmp-<random>}), is synced to disk, then renamed over the target (atomically where the file system
 * can; otherwise by a plain replacing move). On failure the temporary file is deleted and the target is left as it
 * was. Missing parent folders are created. Stateless and thread-safe; two threads writing the same target at once
 * each write a complete file and the last rename wins.
 *
 * <p>The file gets the permissions of any newly created file (the umask applies), not the owner-only ones of
 * {@link Files#createTempFile}. Public so that the command line's other binary outputs (the criterion plot) are
 * written the same way.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the content of a file to an output stream positioned at 0. */
    @FunctionalInterface
    public interface Content {
        void writeTo(ImageOutputStream out) throws IOException;
    }

    /**
     * Writes a text file, UTF-8, e.g. a report that is rewritten while a batch runs.
     *
     * @throws IOException with a one-line message starting with the target path, e.g. {@code "out/report.csv:
     *     cannot write (No space left on device)"}
     */
    public static void writeString(Path target, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /**
     * @throws IOException with a one-line message starting with the target path, e.g. {@code "out/x.png: cannot
     *     write (No space left on device)"}
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new IOException(target + ": is a directory");
        }
        try {
            Files.createDirectories(folder);
            writeAndMove(absolute, content);
        } catch (IOException e) {
            throw new IOException(target + ": cannot write (" + ImageReader.describe(e) + ")", e);
        }
    }

    private static void writeAndMove(Path absolute, Content content) throws IOException {
        Path temp = createTemp(absolute);
        boolean moved = false;
        try {
            if (temp.getFileSystem() == FileSystems.getDefault()) {
                // through a channel, not a java.io.File: a folder whose name the locale cannot encode still works
                try (FileChannel file = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE);
                        ImageOutputStream out = ChannelStreams.output(file)) {
                    content.writeTo(out);
                    out.flush();
                    file.force(true);
                }
            } else {
                // another file system (e.g. Hadoop's through gmmseg-spark): a stream, the content
                // kept in memory until it is complete, for the writers that seek back
                try (OutputStream stream = Files.newOutputStream(temp);
                        ImageOutputStream out = new MemoryCacheImageOutputStream(stream)) {
                    content.writeTo(out);
                    out.flush();
                }
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // the original failure matters more; a stray temp file is visible and named after its target
                }
            }
        }
    }

    private static Path createTemp(Path target) throws IOException {
        for (int attempt = 0;; attempt++) {
            String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            try {
                // created with the default permissions (umask), unlike Files.createTempFile's owner-only ones;
                // named from the target's bytes, which the locale may not be able to decode
                return Files.createFile(FileNames.renamed(target, ".", ".tmp-" + random));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 8) {
                    throw e;
                }
            }
        }
    }
}
