package org.gmmseg.segmentation.batch;

import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.util.regex.PatternSyntaxException;

/**
 * Which files of input folders are images to process.
 *
 * @param recursive whether sub-folders are searched too
 * @param glob the pattern the files' names (or, when it contains '/', their paths below the
 *     folder) must match; null for the default image extensions ({@link ImageInputs#IMAGE_EXTENSIONS})
 */
public record InputSelection(boolean recursive, String glob) {
    /** The images directly in each folder, by their extension. */
    public static final InputSelection DEFAULT = new InputSelection(false, null);

    /**
     * The matcher of the glob, or null when there is none.
     *
     * @throws IllegalArgumentException for a malformed pattern, saying where it is wrong
     */
    public PathMatcher matcher() {
        if (glob == null) {
            return null;
        }
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("--glob '" + glob + "' is not a valid pattern (" + e.getDescription()
                    + " at position " + e.getIndex() + ")", e);
        }
    }

    /** True for {@link #DEFAULT}: neither recursion nor a pattern. */
    public boolean isDefault() {
        return !recursive && glob == null;
    }
}
