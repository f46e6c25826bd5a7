package dev.cnnspec.cli;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.shape.options.ArrayOptionsHelper;

/**
 * The header of an array as ND4J serializes it ({@code Nd4j.write}): two buffers, the shape
 * information and the data, each introduced by its allocation mode (a UTF string), its length (a
 * long for {@code LONG_SHAPE} and {@code MIXED_DATA_TYPES}, else an int) and its data type (a UTF
 * string). {@code Nd4j.read} allocates the declared lengths off the heap before reading a byte of
 * them, so a damaged length in {@code coefficients.bin} would ask the operating system for
 * terabytes, and makes views from the shape information without checking it against the data
 * (a damaged dimension crashes the JVM); here both lengths are checked against the entry's real
 * size, and the shape against the data, first.
 */
final class Nd4jArrayHeader {
  /** Bytes per element of the data types an array may hold. */
  private static final Map<String, Integer> SIZES = Map.ofEntries(Map.entry("DOUBLE", 8), Map.entry("FLOAT", 4),
      Map.entry("HALF", 2), Map.entry("BFLOAT16", 2), Map.entry("LONG", 8), Map.entry("INT", 4),
      Map.entry("SHORT", 2), Map.entry("UBYTE", 1), Map.entry("BYTE", 1), Map.entry("BOOL", 1),
      Map.entry("UINT16", 2), Map.entry("UINT32", 4), Map.entry("UINT64", 8));
  /** Shape information of a rank-32 array: 2 × 32 + 4 longs; more is not a real header. */
  private static final long MAX_SHAPE_INFO = 68;

  /** How many leading bytes {@link #problem} needs at most. */
  static final int PREFIX = 1024;

  private Nd4jArrayHeader() {}

  /**
   * What is wrong with an entry of {@code size} bytes starting with {@code prefix}, or null when
   * its two declared lengths account for exactly its size.
   */
  static String problem(byte[] prefix, int prefixLength, long size) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(prefix, 0, prefixLength))) {
      long[] shape = buffer(in);
      if (shape[0] < 0 || shape[0] > MAX_SHAPE_INFO || shape[1] != 8) {
        return "its shape header declares " + shape[0] + " elements of " + shape[1] + " bytes";
      }
      long[] info = new long[(int) shape[0]];
      for (int k = 0; k < info.length; k++) {
        info[k] = in.readLong();
      }
      String type = in.available() > 0 ? peekType(prefix, prefixLength - in.available()) : null;
      long[] data = buffer(in);
      long headerBytes = prefixLength - in.available();
      if (data[0] < 0 || data[0] > (size - headerBytes) / data[1] || headerBytes + data[0] * data[1] != size) {
        return "its header declares " + data[0] + " values of " + data[1] + " bytes but the entry holds "
            + (size - headerBytes) + " bytes after the header";
      }
      return shapeProblem(info, data[0], type);
    } catch (IOException | IllegalArgumentException e) {
      return "its array header cannot be read (" + e.getMessage() + ")";
    }
  }

  /**
   * What is wrong with the shape information {@code [rank, shape…, strides…, options, ews, order]}
   * of an array of {@code length} values of {@code type}, or null: ND4J makes views from it without
   * checking it against the buffer, so a damaged shape reads or writes outside (a crash).
   */
  private static String shapeProblem(long[] info, long length, String type) {
    int rank = info.length == 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, Math.max(-1, info[0]));
    if (rank < 1 || rank > 32 || info.length != 2 * rank + 4) {
      return "its shape information (" + info.length + " values) does not describe an array of rank 1..32";
    }
    long product = 1;
    for (int k = 1; k <= rank; k++) {
      if (info[k] < 1 || info[k] > length) {
        return "its shape has a dimension of " + info[k] + " but it holds " + length + " values";
      }
      product *= info[k];
    }
    long order = info[2 * rank + 3];
    boolean contiguous = true;
    long stride = 1;
    for (int k = 0; k < rank; k++) {
      int dim = order == 'c' ? rank - k : k + 1;
      contiguous &= info[rank + dim] == stride;
      stride *= info[dim];
    }
    DataType dataType = type == null ? null : DataType.valueOf(type);
    if (product != length || !contiguous || (order != 'c' && order != 'f') || info[2 * rank + 2] != 1
        || dataType == null || info[2 * rank + 1] != ArrayOptionsHelper.setOptionBit(0L, dataType)) {
      return "its shape information does not match its " + length + " values of " + type;
    }
    return null;
  }

  /** The data type named by the buffer header at {@code at}. */
  private static String peekType(byte[] prefix, int at) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(prefix, at, prefix.length - at))) {
      String mode = in.readUTF();
      in.skipNBytes(mode.equals("LONG_SHAPE") || mode.equals("MIXED_DATA_TYPES") ? 8 : 4);
      return in.readUTF();
    }
  }

  /** {length, bytes per element} of one buffer header. */
  private static long[] buffer(DataInputStream in) throws IOException {
    String mode = in.readUTF();
    long length = mode.equals("LONG_SHAPE") || mode.equals("MIXED_DATA_TYPES") ? in.readLong() : in.readInt();
    String type = in.readUTF();
    Integer bytes = SIZES.get(type);
    if (bytes == null) {
      throw new IllegalArgumentException("unknown data type '" + (type.length() > 20 ? type.substring(0, 20) : type)
          + "'");
    }
    return new long[] {length, bytes};
  }
}
