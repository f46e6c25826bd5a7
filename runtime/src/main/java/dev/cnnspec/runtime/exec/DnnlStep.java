package dev.cnnspec.runtime.exec;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_scratchpad_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;

import dev.cnnspec.runtime.exec.Dnnl.Address;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One oneDNN primitive and its arguments in order, run on ND4J arrays (the convolutions' and batch
 * norm's): a user memory object per argument over the caller's C-contiguous float array (its handle
 * set on each call), and where the primitive wants another layout, a copy in the thread's {@link
 * Dnnl#scratch} buffer with a reorder before (inputs) or after (outputs) the primitive; the
 * primitive's own scratchpad (user mode) sits in that buffer too. Every native object it makes is
 * registered with the owner's {@code frees}, which the owner runs (in reverse) when it closes.
 */
final class DnnlStep {
  /** More than any primitive here takes (batch norm backward: nine), plus the scratchpad. */
  private static final int MAX_ARGS = 12;

  private final dnnl_primitive_desc desc;
  private final List<Runnable> frees;
  private final String what;
  private final dnnl_primitive primitive;
  private final List<dnnl_memory> user = new ArrayList<>();
  private final List<Address> handles = new ArrayList<>();
  private final List<dnnl_memory> internal = new ArrayList<>();
  private final List<dnnl_primitive> reorders = new ArrayList<>();
  private final List<Boolean> isInput = new ArrayList<>();
  /** Where each blocked copy sits in the thread's scratch buffer; null for arrays used as they are. */
  private final List<Long> innerOffset = new ArrayList<>();
  private final Address innerHandle = new Address();
  private final dnnl_exec_arg_t args = new dnnl_exec_arg_t(MAX_ARGS);
  private final dnnl_exec_arg_t reorderArgs = new dnnl_exec_arg_t(2);
  /** The primitive's scratchpad, executed as one more argument; null when it needs none. */
  private final dnnl_memory scratchpad;
  private final long scratchpadOffset;
  private long scratchBytes;
  private int count;

  /** {@code what} names the primitive in error messages ("convolution", "batch normalization 256x16x32x32"). */
  DnnlStep(dnnl_primitive_desc desc, List<Runnable> frees, String what) {
    this.desc = desc;
    this.frees = frees;
    this.what = what;
    this.primitive = primitive(desc);
    frees.add(args::close);
    frees.add(reorderArgs::close);
    dnnl_memory_desc_t pad = dnnl_primitive_desc_query_md(desc, dnnl_query_scratchpad_md, 0);
    long padBytes = pad == null || pad.isNull() ? 0 : dnnl_memory_desc_get_size(pad);
    scratchpad = padBytes > 0 ? memory(pad) : null;
    scratchpadOffset = scratchBytes;
    if (padBytes > 0) {
      scratchBytes += (padBytes + 63) & ~63L;
    }
  }

  dnnl_primitive_desc desc() {
    return desc;
  }

  /** An input the caller holds in {@code tag} ({@code dims}); reordered when the primitive's {@code query} md differs. */
  void in(int arg, int query, long[] dims, int tag) {
    add(arg, query, dims, tag, true);
  }

  /** An output the caller holds in {@code tag}; reordered back when the primitive's {@code query} md differs. */
  void out(int arg, int query, long[] dims, int tag) {
    add(arg, query, dims, tag, false);
  }

  /** An argument used as it is (a bias, batch norm's per-channel vectors). */
  void plain(int arg, long[] dims, int tag) {
    innerOffset.add(null);
    register(arg, md(dims, tag), null, null, true);
  }

  /**
   * An argument in the primitive's own layout ({@code query}) that the caller keeps as opaque bytes
   * between calls (batch norm's workspace, from the training forward to its backward), never reordered.
   */
  void opaque(int arg, int query) {
    innerOffset.add(null);
    register(arg, dnnl_primitive_desc_query_md(desc, query, 0), null, null, true);
  }

  /** Bytes of the primitive's {@code query} memory (0 when it has none). */
  long bytes(int query) {
    dnnl_memory_desc_t md = dnnl_primitive_desc_query_md(desc, query, 0);
    return md == null || md.isNull() ? 0 : dnnl_memory_desc_get_size(md);
  }

  private void add(int arg, int query, long[] dims, int tag, boolean input) {
    dnnl_memory_desc_t userMd = md(dims, tag);
    dnnl_memory_desc_t wanted = dnnl_primitive_desc_query_md(desc, query, 0);
    if (dnnl_memory_desc_equal(userMd, wanted) != 0) {
      innerOffset.add(null);
      register(arg, userMd, null, null, input);
      return;
    }
    dnnl_memory inner = memory(wanted);
    innerOffset.add(scratchBytes);
    scratchBytes += (dnnl_memory_desc_get_size(wanted) + 63) & ~63L;
    dnnl_primitive_desc rd = new dnnl_primitive_desc();
    Dnnl.check(input
        ? dnnl_reorder_primitive_desc_create(rd, userMd, Dnnl.engine(), wanted, Dnnl.engine(), null)
        : dnnl_reorder_primitive_desc_create(rd, wanted, Dnnl.engine(), userMd, Dnnl.engine(), null),
        "reorder desc");
    frees.add(() -> dnnl_primitive_desc_destroy(rd));
    register(arg, userMd, inner, primitive(rd), input);
  }

  private void register(int arg, dnnl_memory_desc_t userMd, dnnl_memory inner, dnnl_primitive reorder,
      boolean input) {
    if (count + 1 >= MAX_ARGS) {
      throw new IllegalStateException(what + ": more than " + (MAX_ARGS - 1) + " arguments");
    }
    user.add(memory(userMd));
    handles.add(new Address());
    internal.add(inner);
    reorders.add(reorder);
    isInput.add(input);
    args.position(count).arg(arg).memory(inner != null ? inner : user.get(count));
    count++;
    args.position(0);
  }

  /** The arrays in the order the arguments were added; nulls (an absent bias) are skipped. */
  void run(INDArray... arrays) {
    var stream = Dnnl.stream();
    int i = 0;
    for (INDArray array : arrays) {
      if (array != null) {
        Dnnl.check(dnnl_memory_set_data_handle(user.get(i), handles.get(i).of(array)), "set handle");
        i++;
      }
    }
    if (i != count) {
      throw new IllegalArgumentException(what + ": " + count + " arrays expected, " + i + " given");
    }
    int argCount = count;
    if (scratchBytes > 0) {
      long base = Dnnl.scratch(scratchBytes);
      if (scratchpad != null) {
        Dnnl.check(dnnl_memory_set_data_handle(scratchpad, innerHandle.at(base + scratchpadOffset)),
            "set scratchpad handle");
        args.position(count).arg(DNNL_ARG_SCRATCHPAD).memory(scratchpad);
        argCount++;
      }
      for (i = 0; i < count; i++) {
        if (innerOffset.get(i) != null) {
          Dnnl.check(dnnl_memory_set_data_handle(internal.get(i), innerHandle.at(base + innerOffset.get(i))),
              "set scratch handle");
        }
      }
    }
    for (i = 0; i < count; i++) {
      if (reorders.get(i) != null && isInput.get(i)) {
        reorder(reorders.get(i), user.get(i), internal.get(i), stream);
      }
    }
    Dnnl.check(dnnl_primitive_execute(primitive, stream, argCount, args.position(0)), what + " execute");
    for (i = 0; i < count; i++) {
      if (reorders.get(i) != null && !isInput.get(i)) {
        reorder(reorders.get(i), internal.get(i), user.get(i), stream);
      }
    }
    Dnnl.check(dnnl_stream_wait(stream), "stream wait");
  }

  private void reorder(dnnl_primitive r, dnnl_memory from, dnnl_memory to, dnnl_stream stream) {
    reorderArgs.position(0).arg(DNNL_ARG_FROM).memory(from);
    reorderArgs.position(1).arg(DNNL_ARG_TO).memory(to);
    Dnnl.check(dnnl_primitive_execute(r, stream, 2, reorderArgs.position(0)), "reorder execute");
  }

  private dnnl_memory_desc_t md(long[] dims, int tag) {
    return md(dims, tag, frees);
  }

  /**
   * A primitive descriptor for {@code opDesc} (an operation descriptor, which is freed with the owner's
   * {@code frees} too, after the primitive descriptor) on the engine, destroyed with {@code frees}.
   */
  static dnnl_primitive_desc primitiveDesc(Pointer opDesc, dnnl_primitive_attr attr, dnnl_primitive_desc hint,
      List<Runnable> frees, String what) {
    frees.add(opDesc::close);
    dnnl_primitive_desc pd = new dnnl_primitive_desc();
    Dnnl.check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(opDesc), attr, Dnnl.engine(), hint),
        what + " primitive desc");
    frees.add(() -> dnnl_primitive_desc_destroy(pd));
    return pd;
  }

  /** Runs an owner's {@code frees} in reverse and forgets them (what its {@code close()} does). */
  static void free(List<Runnable> frees) {
    for (int i = frees.size() - 1; i >= 0; i--) {
      frees.get(i).run();
    }
    frees.clear();
  }

  /** A float memory descriptor, freed with the owner's {@code frees}. */
  static dnnl_memory_desc_t md(long[] dims, int tag, List<Runnable> frees) {
    dnnl_memory_desc_t md = new dnnl_memory_desc_t();
    Dnnl.check(dnnl_memory_desc_init_by_tag(md, dims.length, dims, dnnl_f32, tag), "memory desc");
    frees.add(md::close);
    return md;
  }

  private dnnl_primitive primitive(dnnl_primitive_desc pd) {
    dnnl_primitive p = new dnnl_primitive();
    Dnnl.check(dnnl_primitive_create(p, pd), what + " primitive");
    frees.add(() -> dnnl_primitive_destroy(p));
    return p;
  }

  private dnnl_memory memory(dnnl_memory_desc_t md) {
    dnnl_memory m = new dnnl_memory();
    Dnnl.check(dnnl_memory_create(m, md, Dnnl.engine(), (Address) null), "memory");
    frees.add(() -> dnnl_memory_destroy(m));
    return m;
  }
}
