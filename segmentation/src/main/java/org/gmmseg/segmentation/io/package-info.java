/**
 * Image and mask files: {@link org.gmmseg.segmentation.io.ImageReader} turns PNG, JPEG, TIFF, BMP and GIF files into
 * {@link org.gmmseg.segmentation.io.ImageData} (an imglib2 X, Y, C[, Z][, T] image plus its
 * {@link org.gmmseg.segmentation.io.ChannelLayout}, bit depth and calibration; TIFF pages split into channels,
 * slices and frames by OME-XML, ImageJ's description or {@link org.gmmseg.segmentation.io.DeclaredAxes}), and
 * {@link org.gmmseg.segmentation.io.ImageWriter} writes label maps (8/16-bit PNG, or TIFF stacks), probability maps
 * (32-bit float hyperstack TIFF) and RGB overlays (PNG or TIFF stacks), TIFFs with ImageJ's description and the
 * calibration, each atomically.
 *
 * <p>Only the JDK's {@code javax.imageio} and imglib2 are used. Read errors are
 * {@link org.gmmseg.segmentation.io.ImageReadException}s with one-line messages naming the file, meant to be shown
 * to the user as they are.
 */
package org.gmmseg.segmentation.io;
