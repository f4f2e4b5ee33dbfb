package org.gmmseg.segmentation.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** One-line messages for errors shown to users, for every front end (command line, Fiji, Spark). */
public final class FileErrors {
    private FileErrors() {
    }

    /** A file-system error as "file: what happened"; the JDK's messages are often just the file name. */
    public static String describe(IOException io) {
        if (io instanceof FileSystemException fs && fs.getFile() != null) {
            String reason;
            if (io instanceof NoSuchFileException) {
                reason = "no such file or directory";
            } else if (io instanceof AccessDeniedException) {
                reason = "permission denied";
            } else if (io instanceof FileAlreadyExistsException) {
                reason = "already exists";
            } else if (io instanceof NotDirectoryException) {
                reason = "not a directory";
            } else if (fs.getReason() != null) {
                reason = fs.getReason();
            } else {
                reason = io.getClass().getSimpleName();
            }
            String other = fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile();
            return fs.getFile() + other + ": " + reason;
        }
        return messageOf(io);
    }

    /** The message of an exception, or its class name when it has none. */
    public static String messageOf(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** Joins the lines of a message (e.g. a parser's "at [Source: ...]" line) into one. */
    public static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
