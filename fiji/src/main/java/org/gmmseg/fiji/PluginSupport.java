package org.gmmseg.fiji;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CancellationException;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;

import org.gmmseg.core.GmmException;
import org.gmmseg.segmentation.ProgressListener;

/**
 * What the commands share: the current image, one-line error reports, progress in ImageJ's status
 * bar. Stateless.
 */
final class PluginSupport {
    private PluginSupport() {
    }

    /** The body of a command; may throw anything, {@link #run} reports it. */
    interface Body {
        void run() throws IOException;
    }

    /**
     * Runs a command body: errors become one line through {@link #error}, a cancellation a status
     * message; never lets an exception reach ImageJ (which would show a stack trace).
     */
    static void run(String title, Body body) {
        IJ.resetEscape();
        try {
            body.run();
        } catch (CancellationException e) {
            IJ.showStatus(title + ": cancelled");
        } catch (GmmException | IllegalArgumentException e) {
            error(title, e.getMessage());
        } catch (NoSuchFileException e) {
            error(title, "file not found: " + e.getFile());
        } catch (IOException e) {
            error(title, e.getMessage());
        } catch (UncheckedIOException e) {
            error(title, e.getCause().getMessage());
        } catch (OutOfMemoryError e) {
            error(title, "not enough memory; increase it in Edit > Options > Memory & Threads");
        } catch (RuntimeException e) {
            error(title, "unexpected error: " + e);
        } finally {
            IJ.showProgress(1.0);
        }
    }

    /**
     * Reports an error on one line and stops a running macro: {@code IJ.error} in the desktop
     * application; in headless mode, where ImageJ 1.x cannot open dialogs, the log, and the macro
     * is aborted as {@code IJ.error} would, so that it does not go on with the wrong image.
     */
    static void error(String title, String message) {
        String line = String.valueOf(message).replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
        if (GraphicsEnvironment.isHeadless()) {
            IJ.log(title + ": " + line);
            if (Interpreter.getInstance() != null) {
                Interpreter.abort();
            }
        } else {
            IJ.error(title, line);
        }
    }

    /** The current image. @throws GmmException when none is open */
    static ImagePlus currentImage() {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            throw new GmmException("no image is open");
        }
        return imp;
    }

    /** Whether a dialog may be shown: not when a macro passes options, nor without a display. */
    static boolean interactive() {
        return ij.Macro.getOptions() == null && !GraphicsEnvironment.isHeadless();
    }

    /** Progress to the status bar and progress bar. */
    static ProgressListener statusBar(String title) {
        return (message, done, total) -> {
            IJ.showStatus(title + ": " + message);
            IJ.showProgress(done, total);
        };
    }
}
