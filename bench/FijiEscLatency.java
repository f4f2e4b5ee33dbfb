import java.awt.event.KeyEvent;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import ij.IJ;
import ij.ImagePlus;

import org.gmmseg.core.em.EmFitter;
import org.gmmseg.fiji.SegmentParameters;
import org.gmmseg.fiji.SegmentPlugin;

/**
 * How long the "GMM Segmentation" command takes to stop after Esc, in each phase: the command's
 * own code (SegmentPlugin.segment with IJ::escapePressed, as the plugin runs it) on an image
 * resized to SIZE x SIZE. When the progress first reports the phase, another thread waits a
 * delay (so that Esc falls inside the work, not at a checkpoint) and presses Esc
 * (IJ.setKeyDown(VK_ESCAPE), what ImageJ's key listener calls); printed are the time from Esc until
 * the run has thrown, and the last progress message before (to show the phase was still running). Run from the root after `mvn -o -q package -DskipTests`:
 *
 *   java -Djava.awt.headless=true -cp "$(cat bench/work/fiji.cp)" bench/FijiEscLatency.java IMAGE [SIZE]
 */
public class FijiEscLatency {
    public static void main(String[] args) {
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        ImagePlus source = IJ.openImage(args[0]);
        source.getProcessor().setInterpolationMethod(ij.process.ImageProcessor.BICUBIC);
        ImagePlus imp = new ImagePlus("img", source.getProcessor().resize(size, size));
        System.out.println("# kernel: " + EmFitter.kernelDescription() + "; " + args[0] + " resized to " + size + " x "
                + size + ", threads " + ij.Prefs.getThreads());
        System.out.println("phase\toptions\tdelay_ms\tlast progress before Esc\tlatency_ms");
        int[] delays = {50, 150, 250};
        measure(imp, "reading pixels", "components=3 seed=0", m -> m.startsWith("fitting a shared model"), delays);
        measure(imp, "fitting (EM)", "components=3 seed=0", m -> m.contains("EM iteration 3/"), delays);
        measure(imp, "model selection", "components=auto seed=0", m -> m.contains("candidate 1/"), delays);
        measure(imp, "labelling", "components=3 seed=0", m -> m.startsWith("labelling"), delays);
        measure(imp, "labelling with probabilities", "components=3 seed=0 probability_stack",
                m -> m.startsWith("labelling"), delays);
    }

    static void measure(ImagePlus imp, String phase, String options, Predicate<String> when, int[] delays) {
        SegmentParameters p = SegmentParameters.fromMacroOptions(options, SegmentParameters.defaults(imp));
        for (int delay : delays) {
            IJ.resetEscape();
            AtomicLong pressed = new AtomicLong();
            AtomicBoolean armed = new AtomicBoolean();
            String[] last = new String[1];
            String[] atPress = new String[1];
            long start = System.nanoTime();
            try {
                SegmentPlugin.segment(imp, p, (message, done, total) -> {
                    last[0] = message;
                    if (when.test(message) && armed.compareAndSet(false, true)) {
                        Thread esc = new Thread(() -> {
                            try {
                                Thread.sleep(delay);
                            } catch (InterruptedException e) {
                                return;
                            }
                            atPress[0] = last[0];
                            pressed.set(System.nanoTime());
                            IJ.setKeyDown(KeyEvent.VK_ESCAPE);
                        });
                        esc.setDaemon(true);
                        esc.start();
                    }
                }, IJ::escapePressed);
                System.out.printf(Locale.ROOT, "%s\t%s\t%d\tnever (finished in %.0f ms)\t-%n", phase, options, delay,
                        (System.nanoTime() - start) / 1e6);
            } catch (CancellationException e) {
                System.out.printf(Locale.ROOT, "%s\t%s\t%d\t%s\t%.0f%n", phase, options, delay, atPress[0],
                        (System.nanoTime() - pressed.get()) / 1e6);
            }
        }
        IJ.resetEscape();
    }
}
