/**
 * Batches of image files, for every front end (the command line, the Fiji folder command, Spark
 * jobs): which files are images ({@link org.gmmseg.segmentation.batch.ImageInputs}), what is written
 * for each ({@link org.gmmseg.segmentation.batch.OutputFiles}), which are done and skipped, parallel
 * processing in which one failing image never stops the others, and {@code report.csv}
 * ({@link org.gmmseg.segmentation.batch.Batch}). How the outcome is shown (progress, summary, exit
 * codes) is the front end's.
 */
package org.gmmseg.segmentation.batch;
