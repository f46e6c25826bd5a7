package dev.cnnspec.runtime.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.datavec.api.io.labels.ParentPathLabelGenerator;
import org.datavec.api.split.CollectionInputSplit;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.datavec.image.recordreader.ImageRecordReader;
import org.datavec.image.transform.ColorConversionTransform;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads a folder of images with one sub-folder per class ({@code DIR/cat/001.jpg}) through
 * DataVec's {@link ImageRecordReader} and {@link ParentPathLabelGenerator}, resized to the model's
 * height × width and converted to its channel count (gray or RGB) while loading, then kept as
 * bytes like every other source.
 *
 * <p>Classes are the sub-folder names in sorted order; only files directly inside a class folder
 * with an image extension whose header {@link ImageHeaders} can check are taken, in sorted path
 * order, so that the same folder always gives the same set. Every image's header is checked
 * before decoding (a small file can claim a huge size); a class folder without images is an error,
 * since dropping it would silently shift the class indices. OpenCV decodes to BGR; a colour conversion puts channels in RGB order,
 * the order of CIFAR and of the sample grid.
 */
public final class ImageFolderFormat {
  private ImageFolderFormat() {}

  /**
   * Loads every image under {@code dir}'s class folders as {@code height × width × channels}.
   *
   * @param channels 1 (gray) or 3 (RGB)
   */
  public static ImageSet read(Path dir, int height, int width, int channels) throws IOException {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("image folders load as 1 (gray) or 3 (RGB) channels, not " + channels);
    }
    List<Path> files = imageFiles(dir);
    MemoryBudget.check(dir, -1, (long) files.size() * channels * height * width,
        files.size() + " images of " + height + "x" + width + "x" + channels);
    for (Path file : files) {
      ImageHeaders.check(file, extension(file));
    }
    List<URI> uris = files.stream().map(Path::toUri).toList();
    ImageRecordReader reader = channels == 3
        ? new ImageRecordReader(height, width, channels, new ParentPathLabelGenerator(),
            new ColorConversionTransform(opencv_imgproc.COLOR_BGR2RGB))
        : new ImageRecordReader(height, width, channels, new ParentPathLabelGenerator());
    reader.setLogLabelCountOnInit(false);
    reader.initialize(new CollectionInputSplit(uris));
    List<String> classNames = reader.getLabels();
    int size = channels * height * width;
    byte[] pixels = new byte[files.size() * size];
    int[] labels = new int[files.size()];
    for (int i = 0; i < files.size(); i++) {
      List<Writable> record;
      try {
        record = reader.next();
      } catch (RuntimeException e) {
        throw DataFormatException.inFile(files.get(i), "cannot be decoded as an image (" + e.getMessage() + ")");
      }
      INDArray image = ((NDArrayWritable) record.get(0)).get();
      float[] values = image.dup('c').data().asFloat();
      if (values.length != size) {
        throw DataFormatException.inFile(files.get(i), "decoded to " + values.length + " values, expected " + size);
      }
      for (int k = 0; k < size; k++) {
        pixels[i * size + k] = (byte) Math.max(0, Math.min(255, Math.round(values[k])));
      }
      labels[i] = record.get(1).toInt();
    }
    reader.close();
    return new ImageSet(pixels, labels, height, width, channels, classNames);
  }

  /** The image files of {@code dir}'s class folders, sorted; fails when there are none. */
  static List<Path> imageFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "image folder not found");
    }
    List<Path> files = new ArrayList<>();
    List<Path> classDirs;
    try (Stream<Path> s = Files.list(dir)) {
      classDirs = s.filter(Files::isDirectory).sorted().toList();
    }
    if (classDirs.isEmpty()) {
      throw DataFormatException.inFile(dir,
          "has no class folders; expected one sub-folder per class holding its images (DIR/<class>/<image>.png)");
    }
    for (Path classDir : classDirs) {
      List<Path> images;
      try (Stream<Path> s = Files.list(classDir)) {
        images = s.filter(Files::isRegularFile).filter(p -> ImageHeaders.EXTENSIONS.contains(extension(p))).sorted()
            .toList();
      }
      if (images.isEmpty()) {
        throw DataFormatException.inFile(classDir, "is a class folder without images (extensions "
            + String.join(", ", new TreeSet<>(ImageHeaders.EXTENSIONS)) + "); add its images or remove the"
            + " folder: classes are numbered by folder name, so an empty one cannot be skipped silently");
      }
      files.addAll(images);
    }
    return files;
  }

  private static String extension(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
