package dev.cnnspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvPixelFormatTest {
  @TempDir Path dir;

  private Path csv(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines));
  }

  @Test
  void readsKaggleLayoutWithHeader() throws IOException {
    Path f = csv("train.csv",
        "label,pixel0,pixel1,pixel2,pixel3",
        "1,0,10,20,255",
        "0,5,6,7,8",
        "3,1,2,3,4");
    ImageSet s = CsvPixelFormat.read(f);
    assertEquals(3, s.size());
    assertEquals(2, s.height());
    assertEquals(2, s.width());
    assertEquals(1, s.channels());
    assertEquals(List.of("0", "1", "2", "3"), s.classNames());
    assertEquals(1, s.label(0));
    assertEquals(3, s.label(2));
    assertEquals(255, s.pixel(0, 0, 1, 1));
    assertEquals(20, s.pixel(0, 0, 1, 0));
    assertEquals(6, s.pixel(1, 0, 0, 1));
  }

  @Test
  void labelColumnMayBeAnywhere() throws IOException {
    Path f = csv("t.csv", "p0,p1,Label,p2,p3", "9,8,2,7,6");
    ImageSet s = CsvPixelFormat.read(f);
    assertEquals(2, s.label(0));
    assertEquals(7, s.pixel(0, 0, 1, 0));
  }

  @Test
  void testFileWithoutLabelsLoadsUnlabelled() throws IOException {
    Path f = csv("test.csv", "pixel0,pixel1,pixel2,pixel3", "1,2,3,4", "5,6,7,8");
    ImageSet s = CsvPixelFormat.read(f);
    assertEquals(2, s.size());
    assertFalse(s.labelled());
    assertEquals(-1, s.label(1));
    assertEquals(8, s.pixel(1, 0, 1, 1));
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> DataSources.open("csv:" + f, DataOptions.defaults()));
    assertTrue(e.getMessage().contains("no 'label' column"), e.getMessage());
  }

  @Test
  void unlabelledFileIsFittedLikeTheTestSet() throws IOException {
    Path train = csv("train.csv", "label,p0,p1,p2,p3", "1,0,10,20,255", "0,5,6,7,8", "1,1,2,3,4", "0,9,9,9,9");
    Path test = csv("test.csv", "p0,p1,p2,p3", "1,2,3,4");
    DataSplits data = DataSources.open("csv:" + train, DataOptions.defaults()
        .withInput(dev.cnnspec.model.Shape.spatial(4, 4, 1)).withValidationFraction(0.25).withPrefetch(0));
    assertEquals(3, data.trainImages().size());
    assertFalse(data.test().isPresent());
    org.nd4j.linalg.dataset.DataSet ds = data.inOrder(CsvPixelFormat.read(test)).next();
    org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {1, 1, 4, 4}, ds.getFeatures().shape());
    assertEquals(4 / 255f, ds.getFeatures().getFloat(0, 0, 2, 2), 1e-6); // padded by 1: (1,1) moved to (2,2)
    assertEquals(0f, ds.getFeatures().getFloat(0, 0, 0, 0));
  }

  @Test
  void wrongColumnCountNamesTheLine() throws IOException {
    Path f = csv("bad.csv", "label,pixel0,pixel1,pixel2,pixel3", "1,0,10,20,255", "2,1,2,3", "0,1,1,1,1");
    DataFormatException e = assertThrows(DataFormatException.class, () -> CsvPixelFormat.read(f));
    assertEquals(3, e.position());
    assertEquals(DataFormatException.Unit.LINE, e.unit());
    assertTrue(e.getMessage().startsWith(f + ":3: expected 5 columns (label + 4 pixels"), e.getMessage());
    assertTrue(e.getMessage().endsWith("but found 4"), e.getMessage());
  }

  @Test
  void badPixelValueNamesLineAndColumn() throws IOException {
    Path f = csv("bad.csv", "label,a,b,c,d", "1,0,10,20,255", "1,0,10,256,0");
    DataFormatException e = assertThrows(DataFormatException.class, () -> CsvPixelFormat.read(f));
    assertTrue(e.getMessage().contains(f + ":3: column 4: expected a pixel value 0..255 but found '256'"),
        e.getMessage());
    Path g = csv("bad2.csv", "label,a,b,c,d", "x,0,10,20,255");
    e = assertThrows(DataFormatException.class, () -> CsvPixelFormat.read(g));
    assertTrue(e.getMessage().contains(g + ":2: column 1: expected a class label"), e.getMessage());
  }

  @Test
  void pixelCountThatIsNoImageIsExplained() throws IOException {
    Path f = csv("odd.csv", "label,a,b,c,d,e", "1,0,10,20,30,40");
    DataFormatException e = assertThrows(DataFormatException.class, () -> CsvPixelFormat.read(f));
    assertTrue(e.getMessage().contains("cannot tell the image size from 5 pixel columns"), e.getMessage());
  }

  @Test
  void noHeaderMeansLabelFirstWhenTheRestIsAnImage() throws IOException {
    Path f = csv("nh.csv", "4,1,2,3,4", "2,5,6,7,8");
    ImageSet s = CsvPixelFormat.read(f);
    assertEquals(2, s.size());
    assertEquals(4, s.label(0));
    assertEquals(1, s.pixel(0, 0, 0, 0));
  }

  @Test
  void threeChannelRowsAreChannelMajor() throws IOException {
    StringBuilder header = new StringBuilder("label");
    StringBuilder row = new StringBuilder("0");
    for (int k = 0; k < 12; k++) {
      header.append(",p").append(k);
      row.append(',').append(k * 10);
    }
    ImageSet s = CsvPixelFormat.read(csv("rgb.csv", header.toString(), row.toString()));
    assertEquals(3, s.channels());
    assertEquals(2, s.height());
    assertEquals(110, s.pixel(0, 2, 1, 1));
  }
}
