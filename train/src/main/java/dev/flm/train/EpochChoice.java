package dev.flm.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which epoch an FLM run keeps and when it stops early, from each epoch's validation NDCG@10.
 *
 * <p>The best epoch is chosen in the second half of the schedule only: at the high learning rates
 * of the first half the small validation carve's peaks are noise (on ml-latest-small an epoch
 * chosen there, 5 to 8 of 16, was 0.005 to 0.015 NDCG@10 worse on the test period than the end of
 * the schedule). Before that, the latest epoch stands in, and training never stops early. A run
 * that continues a trained model (validated as epoch 0) is past that already.
 *
 * <p>Over frozen text the cold-start head keeps its own best epoch, chosen by the metric it serves.
 * A trainable encoder is shared by the head and the warm path: a head restored from another epoch
 * than the encoder would read vectors it was not trained on, so one epoch is chosen for both, by
 * the sum of the two metrics.
 */
final class EpochChoice {
  private final int epochs;
  private final int patience;
  private final boolean fromStartingModel;
  private final boolean coldValidated;
  private final boolean sharedText;
  private final List<String> coldHeadNames;

  private double best = Double.NEGATIVE_INFINITY;
  private int bestEpoch;
  private int sinceBest;
  private double bestOffset;
  private Map<String, float[]> bestParams;
  private double bestCold;

  /**
   * @param fromStartingModel whether the run continues a trained model (see {@link #startWith})
   * @param coldValidated whether each epoch's cold-start head is validated too
   * @param sharedText whether that head and the warm path share a trainable encoder
   * @param coldHeadNames the head's parameters, kept from their own best epoch unless shared
   * @param coldHistory the cold metric's values so far (an earlier stage's, a resumed run's)
   * @param offset the new-item offset to keep when no epoch is validated
   */
  EpochChoice(
      FlmConfig cfg,
      boolean fromStartingModel,
      boolean coldValidated,
      boolean sharedText,
      List<String> coldHeadNames,
      List<Double> coldHistory,
      double offset) {
    this.epochs = cfg.epochs();
    this.patience = cfg.patience();
    this.fromStartingModel = fromStartingModel;
    this.coldValidated = coldValidated;
    this.sharedText = sharedText;
    this.coldHeadNames = coldHeadNames;
    this.bestOffset = offset;
    this.bestCold =
        coldHistory.stream()
            .mapToDouble(Double::doubleValue)
            .max()
            .orElse(Double.NEGATIVE_INFINITY);
  }

  /** Takes over the choice saved in a checkpoint. */
  void resume(TrainingCheckpoint.Resume r) {
    best = r.best();
    bestEpoch = r.bestEpoch();
    sinceBest = r.sinceBest();
    bestParams = r.bestParams();
    bestOffset = r.bestOffset();
  }

  /** The starting model is the one to beat (best epoch 0). */
  void startWith(double ndcg, double cold, double offset, Map<String, float[]> params) {
    best = score(ndcg, cold);
    bestCold = cold;
    bestOffset = offset;
    bestParams = params;
  }

  /**
   * Whether training stops before {@code epoch}: patience ran out in the schedule's second half.
   */
  boolean stopsBefore(int epoch) {
    return bestParams != null && sinceBest >= patience && epoch > epochs / 2;
  }

  /**
   * Records {@code epoch}'s validation: its warm NDCG@10, its cold-start head's (NaN when not
   * validated) and the new-item offset validation chose; {@code params} gives a copy of the epoch's
   * parameters by name, asked for only when some of them are kept.
   */
  void offer(
      int epoch, double ndcg, double cold, double offset, Supplier<Map<String, float[]>> params) {
    Map<String, float[]> now = null;
    boolean eligible = fromStartingModel || epoch > epochs / 2;
    if (!eligible || score(ndcg, cold) > best) {
      if (eligible) {
        best = score(ndcg, cold);
        bestEpoch = epoch;
        sinceBest = 0;
      }
      bestOffset = offset;
      Map<String, float[]> previous = bestParams;
      now = params.get();
      bestParams = new LinkedHashMap<>(now);
      if (coldValidated && !sharedText && previous != null) {
        for (String n : coldHeadNames) {
          bestParams.put(n, previous.get(n));
        }
      }
    } else {
      sinceBest++;
    }
    if (coldValidated && !sharedText && cold > bestCold) {
      bestCold = cold;
      if (now == null) {
        now = params.get();
      }
      for (String n : coldHeadNames) {
        bestParams.put(n, now.get(n));
      }
    }
  }

  private double score(double ndcg, double cold) {
    return sharedText ? ndcg + cold : ndcg;
  }

  /** The kept epoch's validation score (warm NDCG@10, plus the cold one when shared). */
  double best() {
    return best;
  }

  double bestOffset() {
    return bestOffset;
  }

  /** The kept epoch, 0 when none was chosen by validation (or none beat the starting model). */
  int bestEpoch() {
    return bestEpoch;
  }

  int sinceBest() {
    return sinceBest;
  }

  /** The kept parameters, null when no epoch was validated. */
  Map<String, float[]> bestParams() {
    return bestParams;
  }
}
