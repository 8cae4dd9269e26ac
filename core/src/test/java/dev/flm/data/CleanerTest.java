package dev.flm.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flm.testing.SyntheticData;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CleanerTest {

  /** Events as (user id, item id, rating, time) over ids "u0.." and "i0..". */
  static Dataset data(int users, int items, float[][] events) {
    String[] u = new String[users];
    for (int k = 0; k < users; k++) {
      u[k] = "u" + k;
    }
    String[] it = new String[items];
    for (int k = 0; k < items; k++) {
      it[k] = "i" + k;
    }
    int n = events.length;
    int[] us = new int[n];
    int[] is = new int[n];
    float[] rs = new float[n];
    long[] ts = new long[n];
    for (int k = 0; k < n; k++) {
      us[k] = (int) events[k][0];
      is[k] = (int) events[k][1];
      rs[k] = events[k][2];
      ts[k] = (long) events[k][3];
    }
    Interactions in = new Interactions(IdIndex.of(u), IdIndex.of(it), us, is, rs, ts);
    String[] titles = new String[items];
    for (int k = 0; k < items; k++) {
      titles[k] = k == 0 ? null : "<p>Item&nbsp;" + k + "</p>\n\n <b>bold</b>";
    }
    Attributes a =
        new Attributes(in.itemIndex(), Map.of("title", new Attributes.TextField("title", titles)));
    return new Dataset("t", in, a, null);
  }

  @Test
  void dedupeKeepsTheLatestOfEachPairInOriginalOrder() {
    Dataset d =
        data(2, 2, new float[][] {{0, 0, 1, 50}, {0, 1, 2, 10}, {0, 0, 3, 20}, {1, 0, 4, 5}});
    Cleaner.Result r = Cleaner.dedupeKeepLatest(d);
    Interactions in = r.dataset().interactions();
    assertThat(in.ratings()).containsExactly(1f, 2f, 4f);
    assertThat(r.steps().get(0).format())
        .startsWith("dedupe:")
        .contains("4 -> 3 events (1 removed)");
  }

  @Test
  void thresholdTurnsRatingsIntoImplicitFeedback() {
    Dataset d = data(1, 3, new float[][] {{0, 0, 3.5f, 1}, {0, 1, 4, 2}, {0, 2, 5, 3}});
    Cleaner.Result r = Cleaner.threshold(d, 4f);
    assertThat(r.dataset().interactions().hasRatings()).isFalse();
    assertThat(r.dataset().interactions().items()).containsExactly(1, 2);
    assertThat(r.steps().get(0).detail()).isEqualTo("rating >= 4 kept as implicit feedback");
  }

  @Test
  void kCoreIsIterative() {
    // u0: i0,i1; u1: i0,i1; u2: i2 only; i2 also by u0. With k=2 for both: u2 goes (1 event),
    // then i2 has 1 event (u0) and goes, then u0 still has 2.
    Dataset d =
        data(
            3,
            3,
            new float[][] {
              {0, 0, 1, 1}, {0, 1, 1, 2}, {1, 0, 1, 3}, {1, 1, 1, 4}, {2, 2, 1, 5}, {0, 2, 1, 6}
            });
    Cleaner.Result r = Cleaner.kCore(d, 2, 2);
    Dataset out = r.dataset();
    assertThat(out.interactions().size()).isEqualTo(4);
    assertThat(out.userIndex().ids()).containsExactly("u0", "u1");
    assertThat(out.itemIndex().ids()).containsExactly("i0", "i1");
    assertThat(out.items().defaultText(1)).contains("Item&nbsp;1");
    assertThat(r.steps().get(0).detail()).startsWith("users 3 -> 2, items 3 -> 2");
  }

  @Property(tries = 50)
  void kCoreResultSatisfiesTheBounds(
      @ForAll @LongRange(min = 1, max = 1000) long seed,
      @ForAll @IntRange(min = 2, max = 6) int k) {
    Dataset d = SyntheticData.generate(40, 60, 6, seed);
    Dataset out = Cleaner.kCore(d, k, k).dataset();
    for (int c : out.interactions().countsPerUser()) {
      assertThat(c).isGreaterThanOrEqualTo(k);
    }
    for (int c : out.interactions().countsPerItem()) {
      assertThat(c).isGreaterThanOrEqualTo(k);
    }
  }

  @Property(tries = 30)
  void dedupeLeavesDistinctPairs(@ForAll @LongRange(min = 1, max = 1000) long seed) {
    Dataset d = SyntheticData.generate(20, 10, 8, seed);
    Interactions in = d.interactions();
    int[] rows = new int[in.size() * 2];
    for (int k = 0; k < rows.length; k++) {
      rows[k] = k % in.size();
    }
    Dataset doubled = d.withInteractions(in.select(rows));
    Interactions out = Cleaner.dedupeKeepLatest(doubled).dataset().interactions();
    Set<Long> pairs = new HashSet<>();
    for (int k = 0; k < out.size(); k++) {
      assertThat(pairs.add((long) out.users()[k] << 32 | out.items()[k])).isTrue();
    }
    assertThat(out.size()).isEqualTo(in.toMatrix().nnz());
  }

  @Test
  void normalizeStripsHtmlAndFoldsWhitespace() {
    assertThat(Cleaner.normalize("<p>Item&nbsp;1</p>\n\n <b>bold</b>")).isEqualTo("Item 1 bold");
    assertThat(Cleaner.normalize("a<script>x()</script>b &amp; c&#x4E2D;&#25991;\u3000d"))
        .isEqualTo("a b & c\u4e2d\u6587 d");
    assertThat(Cleaner.normalize("3 < 4 and 5 > 2")).isEqualTo("3 < 4 and 5 > 2");
    Dataset d = data(1, 2, new float[][] {{0, 0, 1, 1}});
    Cleaner.Result r = Cleaner.normalizeText(d);
    assertThat(r.dataset().items().defaultText(1)).isEqualTo("title: Item 1 bold");
    assertThat(r.steps().get(0).detail()).isEqualTo("1 text values changed");
  }

  @Test
  void dropMissingRemovesNanRatingsAndTextlessItemsWhenAsked() {
    Dataset d = data(1, 3, new float[][] {{0, 0, 1, 1}, {0, 1, Float.NaN, 2}, {0, 2, 3, 3}});
    Cleaner.Result r = Cleaner.dropMissing(d, true);
    assertThat(r.dataset().interactions().items()).containsExactly(2);
    assertThat(r.steps().get(0).detail())
        .isEqualTo("1 without a rating, 1 on 1 items without text");
  }

  @Test
  void cleanRunsStepsInOrderAndReportsEach() {
    Dataset d = SyntheticData.generate(30, 40, 8, 7);
    Cleaner.Result r = Cleaner.clean(d, new Cleaner.Options(true, false, true, 3f, 2, 2, true));
    assertThat(r.steps())
        .extracting(Cleaner.Step::name)
        .containsExactly("drop-missing", "dedupe", "threshold", "k-core", "normalize-text");
    for (int i = 1; i < r.steps().size(); i++) {
      assertThat(r.steps().get(i).before()).isEqualTo(r.steps().get(i - 1).after());
    }
    assertThat(r.format()).contains("k-core:");
  }
}
