package dev.cnnspec.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Per-pixel labels for a per-pixel head: {@code <prefix>-images-idx3-ubyte[.gz]} beside
 * {@code <prefix>-masks-idx3-ubyte[.gz]} in one directory, where prefix is {@code train} or
 * {@code t10k}. The masks file is an IDX file of the images' layout (magic {@code 0x00000803},
 * count × rows × cols unsigned bytes) holding each pixel's class, 0 to classes − 1 — the layout
 * MNIST's own tools write, so a mask set is made with the same few lines of numpy as an image set.
 *
 * <p>The rules of {@link IdxFormat} hold for both files (magic, counts against the data before
 * anything is allocated, trailing bytes), and a mask must match its image: the same count and
 * size, every value inside the classes; each failure names the file and the byte offset. Both files
 * must lie inside the directory once links are resolved, so a link cannot make the loader read
 * elsewhere.
 */
public final class MaskFiles {
  private MaskFiles() {}

  /** Reads the images and masks of {@code prefix} in {@code dir} for a head of {@code classes} channels. */
  public static MaskSet read(Path dir, String prefix, int classes) throws IOException {
    if (classes < 1 || classes > 256) {
      throw new IllegalArgumentException("a mask byte holds 1 to 256 classes, not " + classes);
    }
    Path imagesFile = locate(dir, prefix + "-images-idx3-ubyte");
    Path masksFile = locate(dir, prefix + "-masks-idx3-ubyte");
    IdxFormat.Images images = IdxFormat.readImages(imagesFile);
    IdxFormat.Images masks = IdxFormat.readImages(masksFile);
    if (masks.count() != images.count()) {
      throw DataFormatException.atOffset(masksFile, 4, "holds " + masks.count() + " masks but " + imagesFile
          + " holds " + images.count() + " images; every image needs its mask");
    }
    if (masks.rows() != images.rows() || masks.cols() != images.cols()) {
      throw DataFormatException.atOffset(masksFile, 8, "masks are " + masks.rows() + "x" + masks.cols()
          + " but the images of " + imagesFile + " are " + images.rows() + "x" + images.cols()
          + "; a mask labels each pixel of its image");
    }
    byte[] m = masks.pixels();
    for (int i = 0; i < m.length; i++) {
      int label = m[i] & 0xFF;
      if (label >= classes) {
        int perImage = masks.rows() * masks.cols();
        throw DataFormatException.atOffset(masksFile, 16L + i, "pixel (" + (i % perImage / masks.cols()) + ", "
            + (i % masks.cols()) + ") of mask " + (i / perImage) + " is class " + label + ", outside the "
            + classes + " classes 0.." + (classes - 1) + " of the head");
      }
    }
    return new MaskSet(images.pixels(), m, images.count(), images.rows(), images.cols(), classes);
  }

  /** The file {@code name[.gz]} in {@code dir}, refused when its real path leaves the directory. */
  private static Path locate(Path dir, String name) throws IOException {
    for (String candidate : new String[] {name + ".gz", name}) {
      Path p = dir.resolve(candidate);
      if (Files.isRegularFile(p)) {
        Path real = p.toRealPath();
        if (!real.startsWith(dir.toRealPath())) {
          throw DataFormatException.inFile(p, "links to " + real + ", outside the data directory " + dir
              + "; copy the file into the directory instead");
        }
        return p;
      }
    }
    throw new NoSuchFileException(dir.resolve(name + ".gz").toString(), null,
        "expected " + name + ".gz or " + name + " in this directory (images and their masks side by side)");
  }
}
