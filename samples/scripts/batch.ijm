// Segments every image of a folder with "GMM Segmentation" (one model per image) and saves
// <name>-labels.tif in the output folder.
//
// Fiji, headless:
//   ImageJ-linux64 --headless --console -macro batch.ijm "/data/in/,/data/out/"
// Fiji desktop: Plugins > Macros > Run... (asks for the folders when no argument is given).

arguments = getArgument();
if (arguments == "") {
    input = getDirectory("Input folder");
    output = getDirectory("Output folder");
} else {
    parts = split(arguments, ",");
    input = parts[0];
    output = parts[1];
}
if (!endsWith(input, File.separator)) input = input + File.separator;
if (!endsWith(output, File.separator)) output = output + File.separator;
File.makeDirectory(output);

setBatchMode(true);
files = getFileList(input);
for (i = 0; i < files.length; i++) {
    if (!matches(toLowerCase(files[i]), ".*\\.(png|jpe?g|tiff?|bmp|gif)$")) continue;
    open(input + files[i]);
    // recorded with Plugins > Macros > Record...; the label image becomes the current image
    run("GMM Segmentation", "components=3 covariance=full features=lab seed=1 max_iterations=100 label_image stacks=[shared model]");
    saveAs("Tiff", output + File.getNameWithoutExtension(files[i]) + "-labels.tif");
    print(files[i] + " -> " + getTitle());
    close("*");
}
setBatchMode(false);
