package dev.cnnspec.runtime.exec;

import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * oneDNN 2.5.2 (bytedeco's JavaCPP preset) as the fast path's convolution helper calls it, beside the
 * oneDNN 2.3.0 that libnd4j links statically: libnd4jcpu.so exports no {@code dnnl_*} symbols and the
 * JVM loads JNI libraries with {@code RTLD_LOCAL}, so the two copies do not meet
 * ({@code DnnlCoexistenceTest} runs one convolution after ND4J has loaded its natives).
 *
 * <p>One CPU engine for the process (a CPU engine holds no state a thread could race on, and a
 * primitive made on it runs on any of its streams) and one stream per thread. Availability is
 * decided once: if the natives do not load, {@link #available()} is false and the helper stays on the
 * layer's previous path. Both oneDNN copies run on the one OpenMP runtime of the process (libdnnl.so.2
 * asks for {@code libgomp.so.1}, which the dynamic linker finds already loaded by libnd4j), so
 * {@code OMP_NUM_THREADS} counts for both. The preset's libdnnl.so.2 also links libOpenCL.so.1 (its GPU
 * runtime, never used by the CPU engine), hence the {@code opencl} natives on the class path.
 */
final class Dnnl {
  private static final Object LOCK = new Object();
  private static volatile Boolean available;
  private static dnnl_engine engine;
  private static dnnl_primitive_attr userScratchpad;
  private static String unavailableReason = "";
  private static final ThreadLocal<dnnl_stream> STREAM = ThreadLocal.withInitial(Dnnl::newStream);
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private Dnnl() {}

  /** True when oneDNN's natives loaded and a CPU engine was made; never throws. */
  static boolean available() {
    Boolean known = available;
    if (known != null) {
      return known;
    }
    synchronized (LOCK) {
      if (available == null) {
        available = load();
      }
      return available;
    }
  }

  private static boolean load() {
    try {
      Loader.load(dnnl.class);
      dnnl_engine made = new dnnl_engine();
      int status = dnnl_engine_create(made, dnnl_cpu, 0);
      if (status != dnnl_success) {
        unavailableReason = "dnnl_engine_create failed with status " + status;
        return false;
      }
      dnnl_primitive_attr attr = new dnnl_primitive_attr();
      check(dnnl.dnnl_primitive_attr_create(attr), "dnnl_primitive_attr_create");
      check(dnnl.dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl.dnnl_scratchpad_mode_user), "scratchpad mode");
      userScratchpad = attr;
      engine = made;
      return true;
    } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError: the natives are not there
      unavailableReason = e.toString();
      return false;
    }
  }

  /** Why {@link #available()} is false ("" when it is true or not yet asked). */
  static String unavailableReason() {
    return unavailableReason;
  }

  static dnnl_engine engine() {
    if (!available()) {
      throw new IllegalStateException("oneDNN is not available");
    }
    return engine;
  }

  /**
   * Primitive attributes asking for a user-provided scratchpad: each primitive's working memory then
   * comes from the thread's {@link #scratch} buffer too, instead of a buffer oneDNN keeps per primitive.
   */
  static dnnl_primitive_attr userScratchpad() {
    engine();
    return userScratchpad;
  }

  static dnnl_stream stream() {
    return STREAM.get();
  }

  private static dnnl_stream newStream() {
    dnnl_stream stream = new dnnl_stream();
    check(dnnl_stream_create(stream, engine(), dnnl_stream_default_flags), "dnnl_stream_create");
    return stream;
  }

  /**
   * The address of this thread's scratch buffer of at least {@code bytes}, 64-byte aligned: the blocked
   * copies that reorders fill and a primitive reads live only during one call, so one buffer per
   * thread serves every layer (per-primitive buffers cost ResNet-20 at batch 128 about 400 MB).
   * Grows, never shrinks; contents are undefined.
   */
  static long scratch(long bytes) {
    return SCRATCH.get().atLeast(bytes);
  }

  /** Bytes of this thread's scratch buffer (for tests). */
  static long scratchBytes() {
    return SCRATCH.get().size;
  }

  private static final class Scratch {
    private Pointer block;
    private long size;

    long atLeast(long bytes) {
      if (bytes > size) {
        if (block != null) {
          Pointer.free(block);
        }
        block = Pointer.malloc(bytes + 64);
        if (block.isNull()) {
          throw new OutOfMemoryError("oneDNN scratch of " + bytes + " bytes");
        }
        size = bytes;
      }
      return (block.address() + 63) & ~63L;
    }
  }

  /** "2.5.2", for reports and tests. */
  static String version() {
    dnnl_version_t v = dnnl.dnnl_version();
    return v.major() + "." + v.minor() + "." + v.patch();
  }

  static void check(int status, String call) {
    if (status != dnnl_success) {
      throw new IllegalStateException(call + " failed with oneDNN status " + status);
    }
  }

  /**
   * A pointer whose address is set from Java, for handing an ND4J buffer to oneDNN without a copy
   * (JavaCPP's {@code address} field is protected); one per argument slot, reused every call.
   */
  static final class Address extends Pointer {
    /** The first element of a C-contiguous float array, view offset included. */
    Address of(INDArray array) {
      return at(array.data().address() + array.offset() * Float.BYTES);
    }

    Address at(long absolute) {
      address = absolute;
      position = 0;
      limit = 0;
      capacity = 0;
      return this;
    }
  }
}
