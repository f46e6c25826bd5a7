package dev.cnnspec.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnspec.CnnCompiler;
import dev.cnnspec.Compilation;
import dev.cnnspec.diag.SourceText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Chains written as the arguments of merges and blocks: {@code concat(x -> conv(64, 1), y)},
 * {@code add(x, x -> conv(c, 3) -> bn)}. The oracle is the same network written with named
 * definitions: both must elaborate to the same wiring apart from names, and the names must be
 * deterministic and unique.
 */
class InlineChainsTest {

  @Test
  void aChainAsAMergeArgumentIsBuiltJustBeforeTheMergeAndNumberedInOrder() {
    assertEquals("""
        conv_1: conv[image]
        batchnorm_1: batchnorm[conv_1]
        conv_2: conv[image]
        batchnorm_2: batchnorm[conv_2]
        r: add[batchnorm_1, batchnorm_2]
        relu_1: relu[image]
        conv_3: conv[relu_1]
        c: concat[conv_3, r, image]
        """, Specs.wiring(Specs.elaborate("""
        network N() {
          input image: [8, 8, 4]
          r = image -> conv(4, 3, padding: same) -> bn -> add(image -> conv(4, 1) -> bn)
          c = concat((image -> relu -> conv(2, 1)), r, image)
          output o = c -> flatten -> dense(3)
        }
        """).clean().only()).replace("flatten_1: flatten[c]\no: dense[flatten_1]\n", ""));
  }

  @Test
  void inlineAndNamedFormsCheckToTheSameShapesAndCounts() {
    String inline = """
        network N() {
          input x: [16, 16, 8]
          y = x -> add(x -> conv(8, 3, padding: same) -> bn) -> concat(x -> conv(4, 1), (x -> maxpool(1)))
          output o = y -> globalavgpool -> dense(10)
        }
        """;
    String named = """
        network N() {
          input x: [16, 16, 8]
          a = x -> conv(8, 3, padding: same) -> bn
          b = x -> conv(4, 1)
          m = x -> maxpool(1)
          y = x -> add(a) -> concat(b, m)
          output o = y -> globalavgpool -> dense(10)
        }
        """;
    Compilation i = compile(inline);
    Compilation n = compile(named);
    assertEquals("", i.renderDiagnostics() + n.renderDiagnostics());
    assertEquals(n.networks().get(0).totalParameters(), i.networks().get(0).totalParameters());
    assertEquals(n.networks().get(0).shapeOf("y"), i.networks().get(0).shapeOf("y"));
    assertEquals(List.of(16, 16, 20), i.networks().get(0).shapeOf("y").orElseThrow().dims());
  }

  @Test
  void namesOfChainArgumentsNeverTakeAUsersName() {
    // conv_2 is the user's, defined below its use: the branch's conv skips it
    assertEquals("""
        conv_1: conv[image]
        conv_3: conv[image]
        y: add[conv_1, conv_3]
        conv_2: relu[y]
        """, Specs.wiring(Specs.elaborate("""
        network N() {
          input image: [8, 8, 4]
          y = image -> conv(4, 1) -> add(image -> conv(4, 3, padding: same))
          conv_2 = y -> relu
          output o = conv_2 -> flatten -> dense(3)
        }
        """).clean().only()).replace("flatten_1: flatten[conv_2]\no: dense[flatten_1]\n", ""));
  }

  @Test
  void chainsRepeatedByASuffixGetABranchEachAndSeeTheLoopVariable() {
    assertEquals("""
        dense_1: dense[v]
        add_1: add[v, dense_1]
        dense_2: dense[v]
        x: add[add_1, dense_2]
        """, Specs.wiring(Specs.elaborate("""
        network N() {
          input v: [4]
          x = v -> add(v -> dense(4 + 0 * i)) for i in 1..2
          output o = x
        }
        """).clean().only()));
  }

  @Test
  void insideABlockTheChainsLayersArePrefixedWithTheInstance() {
    assertEquals("""
        b/conv_1: conv[image]
        b/batchnorm_1: batchnorm[b/conv_1]
        b/add_1: add[image, b/batchnorm_1]
        b/relu_1: relu[b/add_1]
        """, Specs.wiring(Specs.elaborate("""
        block res(x: tensor, c: int) {
          return add(x, x -> conv(c, 3, padding: same) -> bn) -> relu
        }
        network N() {
          input image: [8, 8, 4]
          b = image -> res(image.channels)
          output o = b -> flatten -> dense(3)
        }
        """).clean().only()).replace("flatten_1: flatten[b/relu_1]\no: dense[flatten_1]\n", ""));
  }

  @Test
  void aChainAsABlocksTensorArgument() {
    Compilation c = compile("""
        block pair(x: tensor, y: tensor) {
          return concat(x, y)
        }
        network N() {
          input image: [8, 8, 4]
          p = pair(image -> conv(2, 1), image)
          output o = p -> flatten -> dense(3)
        }
        """);
    assertEquals("", c.renderDiagnostics());
    // conv 4·2 + 2, and dense on 8·8·6 = 384 values: 384·3 + 3
    assertEquals(10 + 1155, c.networks().get(0).totalParameters());
    // as for merges, the chain argument is built when the block is, after the chain's earlier layers
    assertEquals("""
        conv_1: conv[image]
        conv_2: conv[image]
        q/concat_1: concat[conv_1, conv_2]
        """, Specs.wiring(Specs.elaborate("""
        block pair(x: tensor, y: tensor) {
          return concat(x, y)
        }
        network N() {
          input image: [8, 8, 4]
          q = image -> conv(4, 3, padding: same) -> pair(image -> conv(2, 1))
          output o = q -> flatten -> dense(3)
        }
        """).clean().only()).replace("flatten_1: flatten[q/concat_1]\no: dense[flatten_1]\n", ""));
  }

  @Test
  void errorsInsideAChainArgumentAreLocatedAndAChainWhereAValueIsDueIsATypeError() {
    assertEquals("""
        test.cnn:3:29: error[E0201]: unknown layer or block `conv2d` (hint: did you mean `conv`?)
        test.cnn:4:21: error[E0204]: a chain gives a tensor, but a value (int, float, bool, list) is expected here \
        (hint: a chain is an argument of add, concat and multiply or a block's tensor parameter)
        """, Specs.elaborate("""
        network N() {
          input image: [8, 8, 4]
          a = image -> add(image -> conv2d(4, 1))
          b = image -> conv(image -> relu, 3)
          output o = a -> flatten -> dense(3)
        }
        """).diagnostics().toString().replaceAll("(?m)^.*W0216.*\n", ""));
  }

  static Compilation compile(String text) {
    return new CnnCompiler(List.of(), Map.of()).compile(List.of(new SourceText("test.cnn", text)));
  }
}
