package org.gmmseg.segmentation.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An image file that cannot be read. The message is one line, {@code "<file>: <reason>"}, where the file is the
 * path as the caller gave it, e.g. {@code "x.png: truncated or corrupt (Error reading PNG image data)"}.
 */
public final class ImageReadException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    public ImageReadException(Path file, String reason) {
        this(file, reason, null);
    }

    public ImageReadException(Path file, String reason, Throwable cause) {
        super(file + ": " + oneLine(reason), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.reason = oneLine(reason);
    }

    /** The file that could not be read, as given to the reader. */
    public Path file() {
        return file;
    }

    /** The message without the file name. */
    public String reason() {
        return reason;
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }
}
