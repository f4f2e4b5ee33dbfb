package org.gmmseg.cli;

import java.nio.file.Path;
import java.util.List;

import org.gmmseg.segmentation.batch.Batch;
import org.gmmseg.segmentation.batch.InputSelection;
import org.gmmseg.segmentation.batch.OutputLayout;
import org.gmmseg.segmentation.io.MaskFormat;

/**
 * Test helper run in a JVM of its own: plans a batch of {@code args[0]} into {@code args[1]}, which
 * locks the output folder as a running {@code segment} does, says "locked" on stdout and waits to
 * be killed.
 */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        Batch batch = Batch.plan(List.of(Path.of(args[0])), InputSelection.DEFAULT,
                new OutputLayout(Path.of(args[1]), MaskFormat.PNG, false, false, true, null), false, List.of());
        System.out.println("locked " + batch.out());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
