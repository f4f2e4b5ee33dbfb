/**
 * The axes of N-dimensional images: {@link org.gmmseg.segmentation.axes.Axis} (X, Y, Z, T, C),
 * {@link org.gmmseg.segmentation.axes.ImageAxes} (which axis each dimension of an interval is) and
 * {@link org.gmmseg.segmentation.axes.Calibration} (voxel size, unit, frame interval).
 */
package org.gmmseg.segmentation.axes;
