package org.gmmseg.segmentation.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

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

    /**
     * A hint for a file that was not found, when the locale may be the reason: its name holds '?'
     * (what a character the locale cannot represent becomes) and file names are not decoded as
     * UTF-8 ({@code sun.jnu.encoding}, from {@code LANG} / {@code LC_ALL}). Empty otherwise.
     */
    public static String localeHint(Path file) {
        String encoding = System.getProperty("sun.jnu.encoding", "UTF-8");
        String name = String.valueOf(file.getFileName());
        if (encoding.equalsIgnoreCase("UTF-8") || name.indexOf('?') < 0 && name.indexOf('\uFFFD') < 0) {
            return "";
        }
        return " (file names are read as " + encoding + " here, so one with other characters cannot be given as an "
                + "argument; give its folder instead, run through ./gmmseg, or set LC_ALL=C.UTF-8)";
    }

    /** Joins the lines of a message (e.g. a parser's "at [Source: ...]" line) into one. */
    public static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
