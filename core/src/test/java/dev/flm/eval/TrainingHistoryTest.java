package dev.flm.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flm.model.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingHistoryTest {
  @Test
  void recordsSeriesByNameAndPassesEveryCallOn() {
    List<String> seen = new ArrayList<>();
    TrainingHistory h =
        new TrainingHistory(
            new TrainingListener() {
              @Override
              public void onEpoch(int epoch, int total, double loss, Map<String, Double> metrics) {
                seen.add("epoch " + epoch);
              }

              @Override
              public void onWarning(String message) {
                seen.add("warning " + message);
              }
            });
    h.onEpoch(1, 3, 0.9, Map.of("ndcg@10", 0.1));
    h.onEpoch(2, 3, Double.NaN, Map.of("val_ndcg@10", 0.2));
    h.onWarning("no curve");
    assertThat(seen).containsExactly("epoch 1", "epoch 2", "warning no curve");
    assertThat(h.history().get("loss")).containsExactly(0.9);
    assertThat(h.history().get("val_ndcg@10")).containsExactly(0.1, 0.2);
  }
}
