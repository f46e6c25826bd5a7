package dev.cnnspec.runtime.exec;

import dev.cnnspec.runtime.layers.ReluKernel;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's element-wise {@code Add} of inputs of one shape and type, written in one pass: DL4J's
 * {@link ElementWiseVertex} copies the first input into the sum and then adds the others into it
 * (ResNet-20's adds: two passes forward, where PyTorch's take one). Here libnd4j's {@code add} writes
 * {@code in0 + in1} straight into the sum, further inputs are added into it in order as DL4J adds
 * them, so the sum is DL4J's bit for bit. Anything else (broadcast shapes, a cast, one input) runs
 * DL4J's code, forward and backward.
 *
 * <p>When the add's only reader is a plain ReLU layer ({@link #fuseRelu}, installed by {@link
 * GraphTuning} with a {@link FusedReluLayer} there), a training forward also rectifies the sum in
 * place, so the ReLU layer hands the array on instead of writing another, and the backward masks the
 * incoming gradient ({@code sum > 0 ? ε : 0}, {@link ReluKernel#backward}) into the first input's
 * gradient as it writes it (the others are copies of that one; writing them all in the same loop
 * was tried and measured no faster, {@code bench/README.md}). Forward the ReLU is libnd4j's {@code
 * relu} (−0 and NaN pass through, as DL4J's layer has them), not oneDNN's binary primitive with a
 * ReLU post-op, which gives 0 for NaN and +0 for −0 ({@link ReluKernel}'s notes on oneDNN's eltwise).
 * Backward each input still gets its own gradient, as in DL4J: a vertex that receives a gradient
 * from several readers adds the later ones into the first in place, so two inputs cannot simply
 * share one.
 *
 * <p>Two 4-D float inputs are added by oneDNN's {@code binary} ({@link DnnlAdd}: 2.1x and 2.6x libnd4j's
 * {@code add} on ResNet-20's shapes, the same float additions). At inference the add may sit on a
 * blocked stream ({@link BlockedEdge}, {@link GraphTuning}): when every input came in {@code nChw16c},
 * the sum is written so too and goes on to its readers (through its ReLU layer, which rectifies it
 * element by element); when the sum's readers cannot take that layout (global pooling after the last
 * block), the inputs are read blocked and the sum written NCHW.
 *
 * <p>Public only so that test instruments ({@code PhaseTimer}, {@code WorkspaceMeter}) can subclass it
 * through {@link #AddVertex(AddVertex)}; the fast path installs it.
 */
public class AddVertex extends ElementWiseVertex {
  private static final boolean DNNL_ADD = !"false".equals(System.getProperty("cnnspec.dnnlAdd"));
  /** Shared by copies (instruments wrap vertices): the ReLU fusion, the blocked edges, oneDNN's add. */
  private final Shared shared;
  /** Inputs the last forward summed here; 0 when DL4J's code ran, whose backward then runs too. */
  private int summed;

  AddVertex(ElementWiseVertex original) {
    this(original, new Shared());
  }

  /** A copy that shares {@code original}'s state (the ReLU fusion), for instruments that wrap vertices. */
  protected AddVertex(AddVertex original) {
    this(original, original.shared);
  }

  private AddVertex(BaseGraphVertex v, Shared shared) {
    super(v.getGraph(), v.getVertexName(), v.getVertexIndex(), v.getInputVertices(), v.getOutputVertices(),
        ElementWiseVertex.Op.Add, v.getDataType());
    setOutputVertex(v.isOutputVertex());
    this.shared = shared;
  }

  /**
   * From now on a training forward writes {@code max(0, sum)} and the backward takes the ReLU's gradient:
   * for an add whose only reader is a plain ReLU layer, which GraphTuning makes a {@link FusedReluLayer}
   * over {@link #rectifiedSource}.
   */
  void fuseRelu(ForwardWatch watch) {
    shared.fused = true;
    shared.watch = watch;
  }

  /** What the fused ReLU layer asks about its input. */
  RectifiedSource rectifiedSource() {
    return shared;
  }

  /** Whether training forwards apply the ReLU of the layer that reads this add. */
  boolean fusesRelu() {
    return shared.fused;
  }

  @Override
  public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
    shared.last = null;
    shared.wroteBlocked = false;
    summed = 0;
    if (shared.outEdge != null) {
      shared.outEdge.wroteActivation(null, false);
    }
    if (!canDoForward() || !sameShapesAndType()) {
      unblockInputs();
      return super.doForward(training, workspaceMgr);
    }
    int blocked = blockedInputs();
    INDArray sum = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, inputs[0].shape());
    boolean blockedSum = blocked == inputs.length && shared.outEdge != null
        && shared.outEdge.open(workspaceMgr, training);
    if (inputs.length == 2 && onDnnl(inputs[0]) && onDnnl(inputs[1])) {
      // The sum in the inputs' layout, or NCHW where a blocked stream ends.
      dnnlAdd(blocked(0), blocked(1), sum, blockedSum);
    } else {
      if (blocked > 0 && !blockedSum) {
        unblockInputs();
      }
      // Element by element: in oneDNN's blocked layout when every input is (then so is the sum).
      Nd4j.exec(new AddOp(inputs[0], inputs[1], sum));
      for (int i = 2; i < inputs.length; i++) {
        sum.addi(inputs[i]);
      }
    }
    if (blockedSum) {
      shared.outEdge.wroteActivation(sum, false);
      shared.wroteBlocked = true;
    }
    // As the batch norm's fused ReLU: only where the activations live in a workspace (a training step),
    // so that feedForward still reports the sum itself, and while no listener reads the step's activations.
    if (training && shared.fused && shared.watch.unseen(workspaceMgr)) {
      ReluKernel.forward(sum, sum);
      shared.last = sum;
    }
    summed = inputs.length;
    return sum;
  }

  /**
   * From now on an inference's sum (through the fused ReLU layer reading it, if any) goes on across
   * {@code edge} in oneDNN's blocked layout whenever every input came so ({@link BlockedEdge}).
   */
  void feeds(BlockedEdge edge) {
    shared.outEdge = edge;
  }

  /** From now on input {@code input} comes across {@code edge}, blocked where it was written so. */
  void readsFrom(int input, BlockedEdge edge) {
    if (shared.inEdges == null) {
      shared.inEdges = new BlockedEdge[getInputVertices().length];
    }
    shared.inEdges[input] = edge;
  }

  /** Whether an inference's sum may go on blocked (for tests). */
  boolean feedsBlocked() {
    return shared.outEdge != null;
  }

  /** Whether the last forward wrote its sum blocked (for tests: the stream really ran blocked). */
  boolean wroteBlocked() {
    return shared.wroteBlocked;
  }

  private boolean blocked(int i) {
    return shared.inEdges != null && shared.inEdges[i] != null
        && shared.inEdges[i].isBlockedActivation(inputs[i]);
  }

  private int blockedInputs() {
    int n = 0;
    for (int i = 0; i < inputs.length; i++) {
      n += blocked(i) ? 1 : 0;
    }
    return n;
  }

  /** Rewrites blocked inputs as NCHW in place, for the code that reads them so (DL4J's, the plain add). */
  private void unblockInputs() {
    for (int i = 0; inputs != null && i < inputs.length; i++) {
      if (blocked(i)) {
        shared.inEdges[i].unblock(inputs[i]);
      }
    }
  }

  /** 4-D float arrays as oneDNN's binary takes them, unless {@code -Dcnnspec.dnnlAdd=false} (A/B). */
  private static boolean onDnnl(INDArray x) {
    return DNNL_ADD && x.rank() == 4 && x.dataType() == DataType.FLOAT && DnnlConvHelper.isContiguous(x)
        && Dnnl.available();
  }

  private void dnnlAdd(boolean aBlocked, boolean bBlocked, INDArray sum, boolean sumBlocked) {
    long[] shape = sum.shape();
    if (shared.dnnl == null || !shared.dnnl.adds(shape)) {
      if (shared.dnnl != null) {
        shared.dnnl.close();
      }
      shared.dnnl = new DnnlAdd(shape);
    }
    shared.dnnl.add(inputs[0], aBlocked, inputs[1], bBlocked, sum, sumBlocked);
  }

  @Override
  public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
    if (summed == 0 || !canDoBackward()) {
      return super.doBackward(tbptt, workspaceMgr);
    }
    INDArray[] out = new INDArray[summed];
    INDArray sum = shared.last;
    if (sum != null) {
      out[0] = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape(), 'c');
      ReluKernel.backward(sum, epsilon, out[0]);
    } else {
      out[0] = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon);
    }
    for (int i = 1; i < summed; i++) {
      out[i] = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, out[0]);
    }
    return new Pair<>(null, out);
  }

  /** DL4J's case without broadcasting or casting, of at least two inputs. */
  private boolean sameShapesAndType() {
    if (inputs.length < 2) {
      return false;
    }
    for (INDArray in : inputs) {
      if (in.dataType() != dataType || !inputs[0].equalShapes(in)) {
        return false;
      }
    }
    return true;
  }

  /**
   * What copies of one add share: whether the ReLU is fused, the array the last training forward wrote
   * rectified (else null), and the blocked edges of its inputs and of its sum.
   */
  private static final class Shared implements RectifiedSource {
    private boolean fused;
    private ForwardWatch watch = ForwardWatch.NONE;
    private INDArray last;
    private BlockedEdge outEdge;
    /** Per input, the edge it comes across (null entries: never blocked); null when none does. */
    private BlockedEdge[] inEdges;
    private boolean wroteBlocked;
    /** oneDNN's add, for the last shape. */
    private DnnlAdd dnnl;

    @Override
    public boolean wroteRectified(INDArray x) {
      return last != null && x == last;
    }

    /** The ReLU layer rectified the blocked sum {@code from} into {@code to}: that goes on blocked. */
    @Override
    public void passedActivation(INDArray from, INDArray to) {
      if (outEdge != null && outEdge.isBlockedActivation(from)) {
        outEdge.wroteActivation(to, false);
      }
    }
  }
}
