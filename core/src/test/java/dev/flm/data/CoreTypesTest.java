package dev.flm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flm.io.ArrayFile;
import dev.flm.model.ItemFilter;
import dev.flm.model.Recommendations;
import dev.flm.model.TopK;
import dev.flm.testing.SyntheticData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreTypesTest {

  @Test
  void idIndexMapsBothWaysAndReturnsMinusOneForUnknown() {
    IdIndex.Builder b = new IdIndex.Builder(2);
    for (int i = 0; i < 1000; i++) {
      assertThat(b.add("id" + i)).isEqualTo(i);
    }
    assertThat(b.add("id5")).isEqualTo(5);
    IdIndex idx = b.build();
    assertThat(idx.size()).isEqualTo(1000);
    assertThat(idx.indexOf("id999")).isEqualTo(999);
    assertThat(idx.idOf(42)).isEqualTo("id42");
    assertThat(idx.indexOf("nope")).isEqualTo(-1);
    assertThatThrownBy(() -> IdIndex.of("a", "a")).hasMessageContaining("duplicate id 'a'");
  }

  @Test
  void sortedIndexUsesNumericOrderWhenAllIdsAreIntegers() {
    IdIndex idx = IdIndex.of("10", "9", "100");
    assertThat(idx.sorted().ids()).containsExactly("9", "10", "100");
    assertThat(idx.sortPermutation()).containsExactly(1, 0, 2);
    assertThat(IdIndex.of("b", "10", "a").sorted().ids()).containsExactly("10", "a", "b");
  }

  @Test
  void csrFromCoordinatesSortsColumnsAndMergesDuplicates() {
    int[] r = {1, 0, 1, 1, 0};
    int[] c = {2, 1, 0, 2, 1};
    float[] v = {1, 2, 3, 4, 5};
    SparseMatrix last =
        SparseMatrix.fromCoordinates(2, 3, r, c, v, SparseMatrix.Duplicates.KEEP_LAST);
    assertThat(last.rowPtr()).containsExactly(0, 1, 3);
    assertThat(last.colIdx()).containsExactly(1, 0, 2);
    assertThat(last.values()).containsExactly(5, 3, 4);
    SparseMatrix sum = SparseMatrix.fromCoordinates(2, 3, r, c, v, SparseMatrix.Duplicates.SUM);
    assertThat(sum.values()).containsExactly(7, 3, 5);
    SparseMatrix t = last.transpose();
    assertThat(t.rows()).isEqualTo(3);
    assertThat(t.get(2, 1)).isEqualTo(4f);
    assertThat(t.get(1, 0)).isEqualTo(5f);
    assertThat(t.contains(0, 0)).isFalse();
  }

  @Test
  void topKBreaksTiesByLowerIndexAndRespectsFilter() {
    float[] s = {0.5f, 0.9f, 0.5f, 0.1f, 0.9f, Float.NaN};
    Recommendations all = TopK.select(s, 4, ItemFilter.ALL);
    assertThat(all.items()).containsExactly(1, 4, 0, 2);
    Recommendations ex = TopK.select(s, 3, ItemFilter.excluding(new int[] {1, 2}));
    assertThat(ex.items()).containsExactly(4, 0, 3);
    java.util.BitSet cand = new java.util.BitSet();
    cand.set(2);
    cand.set(3);
    cand.set(5);
    assertThat(TopK.select(s, 5, ItemFilter.of(cand, null)).items()).containsExactly(2, 3);
  }

  @Test
  void arrayFileRoundTripsAndDetectsCorruption(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("a.bin");
    new ArrayFile("test")
        .put("f", new float[] {1.5f, -2f})
        .put("s", new String[] {"x", null, "中文"})
        .putMatrix("m", new float[][] {{1, 2}, {3, 4}})
        .write(f);
    ArrayFile a = ArrayFile.read(f, "test");
    assertThat(a.floats("f")).containsExactly(1.5f, -2f);
    assertThat(a.strings("s")).containsExactly("x", null, "中文");
    assertThat(a.matrix("m")[1]).containsExactly(3, 4);
    byte[] bytes = Files.readAllBytes(f);
    bytes[bytes.length / 2] ^= 1;
    Files.write(f, bytes);
    assertThatThrownBy(() -> ArrayFile.read(f, "test")).hasMessageContaining("checksum mismatch");
  }

  @Test
  void syntheticDataIsReproducibleAndInIdOrder() {
    Dataset a = SyntheticData.generate(50, 40, 10, 7);
    Dataset b = SyntheticData.generate(50, 40, 10, 7);
    assertThat(a.interactions().items()).isEqualTo(b.interactions().items());
    assertThat(a.itemIndex().isSorted()).isTrue();
    assertThat(a.interactions().size()).isGreaterThan(300);
  }

  @Test
  void attributesKeepTheFieldOrderGivenSoDefaultTextIsTheSameInEveryJvm() {
    IdIndex idx = IdIndex.of("1");
    Attributes a =
        Attributes.of(
            idx,
            new Attributes.TextField("title", new String[] {"Heat"}),
            new Attributes.CategoricalField("genres", new String[][] {{"Crime"}}));
    assertThat(a.fields().keySet()).containsExactly("title", "genres");
    assertThat(a.defaultText(0)).isEqualTo("title: Heat. genres: Crime");
    // The synthetic data of every test renders title first (it used Map.of: a per-JVM order).
    assertThat(SyntheticData.generate(5, 4, 2, 1).items().defaultText(0)).startsWith("title: ");
    assertThatThrownBy(
            () ->
                Attributes.of(
                    idx,
                    new Attributes.TextField("title", new String[] {"a"}),
                    new Attributes.TextField("title", new String[] {"b"})))
        .hasMessageContaining("field 'title' given twice");
  }
}
