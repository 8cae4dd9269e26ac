package dev.flm.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flm.data.Dataset;
import dev.flm.io.ModelFolder;
import dev.flm.model.ItemFilter;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Recommendations;
import dev.flm.model.Recommender;
import dev.flm.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link Recommender} (and its {@link ModelType}) must pass. Subclass it once
 * per model type, give {@link #type()} and, if needed, {@link #params()} or {@link #data()}: the
 * tests train on a small synthetic data set and check what every caller relies on.
 */
public abstract class RecommenderContract {
  protected static final long SEED = 20240601L;

  @TempDir protected Path tmp;

  protected Dataset data;
  protected Recommender model;

  /** The model type under test. */
  protected abstract ModelType type();

  /** Parameters for a small, fast model (default none). */
  protected Params params() {
    return Params.empty();
  }

  /** The training data (default: 60 users, 40 items, about 12 events each). */
  protected Dataset data() {
    return SyntheticData.generate(60, 40, 12, 7);
  }

  /** Whether the model's scores depend on the user (false for non-personalised baselines). */
  protected boolean personalised() {
    return true;
  }

  protected Recommender train(long seed) {
    return type().trainer(params()).train(TrainingData.of(data, seed));
  }

  @BeforeEach
  void trainModel() {
    data = data();
    model = train(SEED);
  }

  protected float[] scores(Recommender m, int user) {
    float[] s = new float[m.itemIndex().size()];
    m.score(user, s);
    return s;
  }

  @Test
  void reportsItsTypeAndIndices() {
    assertThat(model.type()).isEqualTo(type().name());
    assertThat(model.itemIndex()).isEqualTo(data.itemIndex());
    assertThat(model.userIndex()).isEqualTo(data.userIndex());
    assertThat(model.provenance()).isNotNull();
    assertThat(model.provenance().modelType()).isEqualTo(type().name());
  }

  @Test
  void isRegisteredByName() {
    assertThat(ModelType.named(type().name())).isInstanceOf(type().getClass());
  }

  @Test
  void scoresAreFinite() {
    for (int u = -1; u < Math.min(10, data.userIndex().size()); u++) {
      float[] s = scores(model, u);
      for (int i = 0; i < s.length; i++) {
        assertThat(Float.isFinite(s[i])).as("user %d item %d score %f", u, i, s[i]).isTrue();
      }
    }
  }

  @Test
  void excludesSeenItems() {
    var m = data.interactions().toMatrix();
    for (int u = 0; u < Math.min(10, m.rows()); u++) {
      int[] seen = m.row(u);
      Recommendations r = model.recommend(u, 10, ItemFilter.excluding(seen));
      assertThat(r.size()).isEqualTo(Math.min(10, data.itemIndex().size() - seen.length));
      for (int i : r.items()) {
        assertThat(Arrays.binarySearch(seen, i)).as("user %d got seen item %d", u, i).isNegative();
      }
    }
  }

  @Test
  void respectsCandidatesAndRanksByScore() {
    BitSet cand = new BitSet();
    for (int i = 0; i < data.itemIndex().size(); i += 3) {
      cand.set(i);
    }
    Recommendations r = model.recommend(0, 5, ItemFilter.of(cand, null));
    assertThat(r.size()).isEqualTo(5);
    float[] s = scores(model, 0);
    for (int p = 0; p < r.size(); p++) {
      assertThat(cand.get(r.items()[p])).isTrue();
      assertThat(r.scores()[p]).isEqualTo(s[r.items()[p]]);
      if (p > 0) {
        assertThat(r.scores()[p]).isLessThanOrEqualTo(r.scores()[p - 1]);
      }
    }
  }

  @Test
  void deterministicUnderSeed() {
    Recommender again = train(SEED);
    for (int u = -1; u < Math.min(5, data.userIndex().size()); u++) {
      assertThat(scores(again, u)).as("user %d", u).containsExactly(scores(model, u));
    }
  }

  @Test
  void unknownUserGetsAFallback() {
    Recommendations r = model.recommend(-1, 5, ItemFilter.ALL);
    assertThat(r.size()).isEqualTo(5);
    float[] viaHistory = new float[model.itemIndex().size()];
    model.scoreHistory(new int[0], viaHistory);
    assertThat(viaHistory).doesNotContain(Float.NaN);
  }

  @Test
  void scoresTheSameFromManyThreads() throws Exception {
    int users = Math.min(16, data.userIndex().size());
    float[][] expected = new float[users][];
    for (int u = 0; u < users; u++) {
      expected[u] = scores(model, u);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> fs = new ArrayList<>();
      for (int rep = 0; rep < 4; rep++) {
        for (int u = 0; u < users; u++) {
          int user = u;
          fs.add(pool.submit(() -> scores(model, user)));
        }
      }
      for (int k = 0; k < fs.size(); k++) {
        assertThat(fs.get(k).get()).containsExactly(expected[k % users]);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void scoresAHistoryForAnUnknownUser() {
    int[] history = data.interactions().toMatrix().row(0);
    float[] s = new float[model.itemIndex().size()];
    model.scoreHistory(history, s);
    for (float x : s) {
      assertThat(Float.isNaN(x)).isFalse();
    }
  }

  @Test
  void personalisesWhenItClaimsTo() {
    if (!personalised()) {
      return;
    }
    boolean differs = false;
    float[] first = scores(model, 0);
    for (int u = 1; u < Math.min(20, data.userIndex().size()) && !differs; u++) {
      differs = !Arrays.equals(first, scores(model, u));
    }
    assertThat(differs).as("scores differ between users").isTrue();
  }

  @Test
  void saveLoadRoundTripGivesIdenticalScores() throws IOException {
    Path dir = tmp.resolve("model");
    ModelFolder out = ModelFolder.create(dir);
    type().save(model, out);
    out.commit(type().name(), model.provenance());
    ModelFolder in = ModelFolder.open(dir);
    assertThat(in.type()).isEqualTo(type().name());
    Recommender loaded = type().load(in);
    assertThat(loaded.type()).isEqualTo(model.type());
    assertThat(loaded.itemIndex()).isEqualTo(model.itemIndex());
    assertThat(loaded.userIndex()).isEqualTo(model.userIndex());
    assertThat(loaded.provenance()).isEqualTo(model.provenance());
    for (int u = -1; u < Math.min(10, data.userIndex().size()); u++) {
      assertThat(scores(loaded, u)).as("user %d", u).containsExactly(scores(model, u));
    }
  }
}
