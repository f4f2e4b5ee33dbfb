package org.gmmseg.segmentation.io;

import java.awt.image.Raster;
import java.io.IOException;

import javax.imageio.metadata.IIOMetadata;

import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * JPEGs with four components (CMYK, or Adobe's YCCK), as print workflows write them: the JDK's
 * reader either refuses them ("Unsupported Image Type") or returns the four ink channels. They are
 * read as raw samples and converted to RGB with the plain formula R = (1 - C)(1 - K), without a
 * colour profile (as gmmseg applies none to other images either).
 *
 * <p>Adobe's files (an APP14 "Adobe" segment) store every channel inverted, 255 meaning no ink;
 * with transform 2 (YCCK) the first three hold the YCbCr encoding of 255 minus those inverted
 * values (libjpeg's {@code cmyk_ycck_convert}), undone with the JFIF equations. Stateless.
 */
final class CmykJpeg {
    private static final String NATIVE_FORMAT = "javax_imageio_jpeg_image_1.0";

    private CmykJpeg() {
    }

    /** Whether the first image of the reader's JPEG has four components. */
    static boolean isCmyk(javax.imageio.ImageReader reader) throws IOException {
        Node sof = find(metadata(reader), "sof");
        return sof != null && "4".equals(attribute(sof, "numFrameComponents"));
    }

    /** The transform of the APP14 "Adobe" segment (0 CMYK, 2 YCCK), or -1 without one. */
    static int adobeTransform(javax.imageio.ImageReader reader) throws IOException {
        Node adobe = find(metadata(reader), "app14Adobe");
        if (adobe == null) {
            return -1;
        }
        String transform = attribute(adobe, "transform");
        return transform == null ? 0 : Integer.parseInt(transform);
    }

    /**
     * Converts a raster of four 8-bit bands to planar RGB.
     *
     * @param adobeTransform as {@link #adobeTransform}
     * @param rgb receives R, G and B planes of width x height bytes each (modified)
     */
    static void toRgb(Raster raster, int adobeTransform, byte[] rgb) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int plane = w * h;
        boolean adobe = adobeTransform >= 0;
        int[] px = new int[4 * w];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, px);
            for (int x = 0; x < w; x++) {
                int s0 = px[4 * x];
                int s1 = px[4 * x + 1];
                int s2 = px[4 * x + 2];
                int k = px[4 * x + 3];
                if (adobeTransform == 2) {
                    // YCbCr -> RGB (JFIF); that RGB is 255 minus the stored inverted C, M, Y
                    double cb = s1 - 128;
                    double cr = s2 - 128;
                    s1 = 255 - clamp(s0 - 0.344136 * cb - 0.714136 * cr);
                    s2 = 255 - clamp(s0 + 1.772 * cb);
                    s0 = 255 - clamp(s0 + 1.402 * cr);
                }
                // ink c in 0..255 is 255 - s for Adobe's inverted values, s otherwise; R = (255 - c)(255 - k) / 255
                int i = y * w + x;
                int white = adobe ? k : 255 - k;
                rgb[i] = (byte) Math.round((adobe ? s0 : 255 - s0) * white / 255.0);
                rgb[plane + i] = (byte) Math.round((adobe ? s1 : 255 - s1) * white / 255.0);
                rgb[2 * plane + i] = (byte) Math.round((adobe ? s2 : 255 - s2) * white / 255.0);
            }
        }
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static Node metadata(javax.imageio.ImageReader reader) throws IOException {
        IIOMetadata metadata = reader.getImageMetadata(0);
        return metadata == null ? null : metadata.getAsTree(NATIVE_FORMAT);
    }

    /** The first node of that name below {@code root}, depth first, or null. */
    private static Node find(Node root, String name) {
        if (root == null) {
            return null;
        }
        if (name.equals(root.getNodeName())) {
            return root;
        }
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            Node found = find(child, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String attribute(Node node, String name) {
        NamedNodeMap attributes = node.getAttributes();
        Node value = attributes == null ? null : attributes.getNamedItem(name);
        return value == null ? null : value.getNodeValue();
    }
}
