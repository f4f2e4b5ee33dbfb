package org.gmmseg.core.io;

import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * New file names made from existing ones, byte for byte. A file name is bytes; the JDK shows it as
 * a string decoded with the locale's charset ({@code sun.jnu.encoding}), and a name that charset
 * cannot decode (any non-ASCII name under {@code LANG=C}, Latin-1 bytes under a UTF-8 locale)
 * does not survive the way back: {@code Path.of(name.toString())} throws or names another file.
 * These methods keep such a name's bytes by building the new name in a {@code file:} URI, where
 * the bytes are percent-encoded, and use plain strings for every other name. Stateless.
 */
public final class FileNames {
    private FileNames() {
    }

    /**
     * The sibling of {@code path} named {@code prefix + its name + suffix}, e.g. {@code x_labels.png}
     * for {@code x} and suffix {@code _labels.png}.
     *
     * @param prefix text before the name, letters, digits, '.', '_' and '-' only
     * @param suffix text after the name, as the prefix
     */
    public static Path renamed(Path path, String prefix, String suffix) {
        requirePlain(prefix);
        requirePlain(suffix);
        Path name = path.getFileName();
        String text = name.toString();
        if (roundTrips(name, text)) {
            return path.resolveSibling(prefix + text + suffix);
        }
        return path.resolveSibling(fromRaw(prefix + rawName(path) + suffix));
    }

    /** The file name of {@code path} without its extension (from the last '.' that is not first), as a path. */
    public static Path withoutExtension(Path path) {
        Path name = path.getFileName();
        String text = name.toString();
        if (roundTrips(name, text)) {
            int dot = text.lastIndexOf('.');
            return name.getFileSystem().getPath(dot > 0 ? text.substring(0, dot) : text);
        }
        String raw = rawName(path);
        int dot = raw.lastIndexOf('.');
        return fromRaw(dot > 0 ? raw.substring(0, dot) : raw);
    }

    /** Whether the string of a name gives back the same name (the same bytes). */
    private static boolean roundTrips(Path name, String text) {
        try {
            return name.getFileSystem().getPath(text).equals(name);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The last element of a path on the default file system, percent-encoded as in its file URI. */
    private static String rawName(Path path) {
        if (path.getFileSystem() != FileSystems.getDefault()) {
            throw new IllegalArgumentException(path + ": not on the default file system");
        }
        String raw = path.toAbsolutePath().toUri().getRawPath();
        if (raw.endsWith("/")) {
            raw = raw.substring(0, raw.length() - 1); // toUri marks an existing folder so
        }
        return raw.substring(raw.lastIndexOf('/') + 1);
    }

    /** A one-element path from a percent-encoded name. */
    private static Path fromRaw(String rawName) {
        return Path.of(URI.create("file:///" + rawName)).getFileName();
    }

    private static void requirePlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                throw new IllegalArgumentException("'" + text + "' may only hold letters, digits, '.', '_' and '-'");
            }
        }
    }
}
