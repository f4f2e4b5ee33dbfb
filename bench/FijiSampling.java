import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.gmmseg.core.em.EmFitter;
import org.gmmseg.segmentation.GmmSegmentation;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.SegmentationOptions;
import org.gmmseg.segmentation.Segmenter;
import org.gmmseg.segmentation.features.ImagePixels;
import org.gmmseg.segmentation.io.ImageData;

/**
 * The "max samples" study of docs/fiji.md: for every image given, fits K=3 (full, seed 0, the
 * plugin's default features: rgb for colour, gray for one channel) on all de-duplicated pixels and
 * on random samples of the sizes given, and prints the fit time and the fraction of labels that
 * differ from the full fit's. Run from the root after `mvn -o -q package -DskipTests`:
 *
 *   java -cp "$(cat bench/work/fiji.cp)" bench/FijiSampling.java 100000,200000,500000 IMAGE...
 */
public class FijiSampling {
    public static void main(String[] args) throws Exception {
        String[] sizes = args[0].split(",");
        int threads = Integer.getInteger("threads", Runtime.getRuntime().availableProcessors());
        System.out.println("# kernel: " + EmFitter.kernelDescription() + ", threads " + threads);
        System.out.println("image\tpixels\tmax_samples\tfit_s\titerations\tlabel_change_pct");
        for (int a = 1; a < args.length; a++) {
            Path path = Path.of(args[a]);
            ImageData data = GmmSegmentation.read(path.toString());
            ImagePixels px = GmmSegmentation.pixels(data);
            String features = px.colorChannels() == 1 ? "gray" : "rgb";
            SegmentationOptions base = SegmentationOptions.of(3).withFeatures(features).withSeed(0).withThreads(threads);
            // warm the JIT on this image once, untimed
            Segmenter.fit(List.of(px), base.withMaxSamples(20000));
            long t0 = System.nanoTime();
            Segmenter.Fit full = Segmenter.fit(List.of(px), base);
            double fullSeconds = (System.nanoTime() - t0) / 1e9;
            Img<UnsignedByteType> ref = labels(px, full.model(), threads);
            long n = (long) px.width() * px.height();
            System.out.printf(Locale.ROOT, "%s\t%d\t0\t%.2f\t%d\t0%n", path.getFileName(), n, fullSeconds,
                    full.result().iterations());
            for (String s : sizes) {
                long m = Long.parseLong(s.trim());
                if (m >= n) {
                    continue;
                }
                t0 = System.nanoTime();
                Segmenter.Fit fit = Segmenter.fit(List.of(px), base.withMaxSamples(m));
                double seconds = (System.nanoTime() - t0) / 1e9;
                Img<UnsignedByteType> l = labels(px, fit.model(), threads);
                long diff = 0;
                var c1 = ref.cursor();
                var c2 = l.cursor();
                while (c1.hasNext()) {
                    diff += c1.next().get() != c2.next().get() ? 1 : 0;
                }
                System.out.printf(Locale.ROOT, "%s\t%d\t%d\t%.2f\t%d\t%.3f%n", path.getFileName(), n, m, seconds,
                        fit.result().iterations(), 100.0 * diff / n);
            }
        }
    }

    static Img<UnsignedByteType> labels(ImagePixels px, SegmentationModel model, int threads) {
        Img<UnsignedByteType> out = ArrayImgs.unsignedBytes(px.width(), px.height());
        Segmenter.label(px, model, out, threads);
        return out;
    }
}
