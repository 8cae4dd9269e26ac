package dev.flm.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flm.data.io.DataLoader;
import dev.flm.testing.SyntheticData;
import dev.flm.testing.TestData;
import org.junit.jupiter.api.Test;

class DatasetStatsTest {

  @Test
  void handComputedSmallCase() {
    // users u0: 3 events, u1: 1 event, u2: none; items i0: 2, i1: 1, i2: 1, i3: none.
    Dataset d =
        CleanerTest.data(
            3, 4, new float[][] {{0, 0, 1, 10}, {0, 1, 2, 20}, {0, 2, 3, 30}, {1, 0, 5, 40}});
    DatasetStats s = DatasetStats.of(d);
    assertThat(s.users()).isEqualTo(3);
    assertThat(s.activeUsers()).isEqualTo(2);
    assertThat(s.items()).isEqualTo(4);
    assertThat(s.ratedItems()).isEqualTo(3);
    assertThat(s.interactions()).isEqualTo(4);
    assertThat(s.density()).isEqualTo(4.0 / 12);
    Dataset dup =
        CleanerTest.data(1, 2, new float[][] {{0, 0, 1, 10}, {0, 0, 2, 20}, {0, 1, 3, 30}});
    DatasetStats ds = DatasetStats.of(dup);
    assertThat(ds.distinctPairs()).isEqualTo(2);
    assertThat(ds.density()).isEqualTo(1.0);
    assertThat(ds.format()).contains("interactions:  3 (2 distinct pairs)");
    assertThat(s.perUser().min()).isEqualTo(1);
    assertThat(s.perUser().median()).isEqualTo(2);
    assertThat(s.perUser().p90()).isEqualTo(2.8, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s.perItem().median()).isEqualTo(1);
    assertThat(s.ratings().mean()).isEqualTo(2.75);
    assertThat(s.firstTime()).isEqualTo(10);
    assertThat(s.lastTime()).isEqualTo(40);
    assertThat(s.itemsWithText()).isEqualTo(3);
    assertThat(s.fieldCoverage()).containsEntry("title", 3);
    assertThat(s.format())
        .contains("users:         3 (2 with interactions)")
        .contains("items:         4 in the catalogue, 3 with interactions")
        .contains("density:       33.3333%");
  }

  @Test
  void movieLensLatestSmall() throws Exception {
    DatasetStats s = DatasetStats.of(DataLoader.load(TestData.requireMlLatestSmall()));
    assertThat(s.users()).isEqualTo(610);
    assertThat(s.interactions()).isEqualTo(100836);
    assertThat(s.items()).isEqualTo(9742);
    assertThat(s.ratedItems()).isEqualTo(9724);
    assertThat(s.perUser().min()).isEqualTo(20);
    assertThat(s.itemsWithText()).isEqualTo(9742);
    assertThat(s.format())
        .contains("users:         610")
        .contains("items:         9742 in the catalogue, 9724 with interactions")
        .contains("interactions:  100836");
  }

  @Test
  void fingerprintsDependOnContentNotIndexOrder() {
    Dataset d = SyntheticData.generate(20, 30, 5, 3);
    String f = Fingerprints.of(d.interactions());
    assertThat(f).hasSize(64).isEqualTo(Fingerprints.of(d.interactions()));
    Interactions in = d.interactions();
    int[] perm = new int[in.numUsers()];
    for (int u = 0; u < perm.length; u++) {
      perm[u] = perm.length - 1 - u;
    }
    int[] us = new int[in.size()];
    for (int k = 0; k < us.length; k++) {
      us[k] = perm[in.users()[k]];
    }
    Interactions reindexed =
        new Interactions(
            in.userIndex().permuted(perm),
            in.itemIndex(),
            us,
            in.items(),
            in.ratings(),
            in.timestamps());
    assertThat(Fingerprints.of(reindexed)).isEqualTo(f);
    float[] r = in.ratings().clone();
    r[0] += 1;
    assertThat(
            Fingerprints.of(
                new Interactions(
                    in.userIndex(), in.itemIndex(), in.users(), in.items(), r, in.timestamps())))
        .isNotEqualTo(f);
    assertThat(Fingerprints.of(d)).isNotEqualTo(f).hasSize(64);
    assertThat(Fingerprints.of(Cleaner.normalizeText(d).dataset())).isEqualTo(Fingerprints.of(d));
  }
}
