package dev.flm.metric;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A top-K ranking metric for one user, computed from the ranked list and the user's relevant (test)
 * items, with binary relevance.
 *
 * <ul>
 *   <li>{@code precision@K} = hits in the top K / K
 *   <li>{@code recall@K} = hits in the top K / |relevant|
 *   <li>{@code hit@K} = 1 if any relevant item is in the top K, else 0
 *   <li>{@code ndcg@K} = DCG / IDCG, DCG = sum over hits at rank r (1-based) of 1/log2(r+1), IDCG
 *       the DCG of min(|relevant|, K) hits at the top
 *   <li>{@code mrr@K} = 1 / rank of the first hit in the top K, 0 if none
 *   <li>{@code map@K} = sum over hits at rank r of precision@r, divided by min(|relevant|, K)
 * </ul>
 *
 * A user with no relevant item scores 0 on every metric (the evaluator skips such users).
 *
 * @param kind which metric
 * @param k cut-off, at least 1
 */
public record RankingMetric(Kind kind, int k) {

  /** The metrics {@link RankingMetric} computes. */
  public enum Kind {
    NDCG("ndcg"),
    RECALL("recall"),
    PRECISION("precision"),
    HIT("hit"),
    MRR("mrr"),
    MAP("map");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public RankingMetric {
    Objects.requireNonNull(kind, "kind");
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1; k=" + k);
    }
  }

  public static RankingMetric ndcg(int k) {
    return new RankingMetric(Kind.NDCG, k);
  }

  public static RankingMetric recall(int k) {
    return new RankingMetric(Kind.RECALL, k);
  }

  public static RankingMetric precision(int k) {
    return new RankingMetric(Kind.PRECISION, k);
  }

  public static RankingMetric hitRate(int k) {
    return new RankingMetric(Kind.HIT, k);
  }

  public static RankingMetric mrr(int k) {
    return new RankingMetric(Kind.MRR, k);
  }

  public static RankingMetric map(int k) {
    return new RankingMetric(Kind.MAP, k);
  }

  /** Parses a name like {@code "ndcg@10"} (also {@code hitrate@K}, {@code hr@K}). */
  public static RankingMetric parse(String name) {
    String s = name.trim().toLowerCase(Locale.ROOT);
    int at = s.indexOf('@');
    if (at <= 0) {
      throw new IllegalArgumentException("metric must look like ndcg@10; metric=" + name);
    }
    int k;
    try {
      k = Integer.parseInt(s.substring(at + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("metric cut-off must be an integer; metric=" + name);
    }
    String base = s.substring(0, at);
    if (base.equals("hitrate") || base.equals("hr")) {
      base = "hit";
    }
    for (Kind kd : Kind.values()) {
      if (kd.label.equals(base)) {
        return new RankingMetric(kd, k);
      }
    }
    throw new IllegalArgumentException(
        "unknown ranking metric '" + base + "' in " + name + "; known: " + knownNames());
  }

  static String knownNames() {
    return Arrays.stream(Kind.values()).map(Kind::label).toList().toString();
  }

  /** E.g. {@code "ndcg@10"}. */
  public String name() {
    return kind.label + "@" + k;
  }

  @Override
  public String toString() {
    return name();
  }

  /**
   * The metric for one user.
   *
   * @param ranked recommended dense item indices, best first (only the first K count)
   * @param relevantSorted the user's relevant items, ascending and distinct
   */
  public double compute(int[] ranked, int[] relevantSorted) {
    int nRel = relevantSorted.length;
    if (nRel == 0) {
      return 0;
    }
    int n = Math.min(k, ranked.length);
    int hits = 0;
    double dcg = 0;
    double ap = 0;
    int first = 0;
    for (int r = 0; r < n; r++) {
      if (Arrays.binarySearch(relevantSorted, ranked[r]) >= 0) {
        hits++;
        dcg += 1.0 / log2(r + 2);
        ap += (double) hits / (r + 1);
        if (first == 0) {
          first = r + 1;
        }
      }
    }
    return switch (kind) {
      case PRECISION -> (double) hits / k;
      case RECALL -> (double) hits / nRel;
      case HIT -> hits > 0 ? 1 : 0;
      case MRR -> first == 0 ? 0 : 1.0 / first;
      case MAP -> ap / Math.min(nRel, k);
      case NDCG -> dcg / idcg(Math.min(nRel, k));
    };
  }

  private static double log2(int x) {
    return Math.log(x) / Math.log(2);
  }

  static double idcg(int n) {
    double s = 0;
    for (int r = 0; r < n; r++) {
      s += 1.0 / log2(r + 2);
    }
    return s;
  }
}
