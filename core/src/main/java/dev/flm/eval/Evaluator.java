package dev.flm.eval;

import dev.flm.data.Fingerprints;
import dev.flm.data.IdIndex;
import dev.flm.data.Interactions;
import dev.flm.data.SparseMatrix;
import dev.flm.metric.Auc;
import dev.flm.metric.ListMetrics;
import dev.flm.metric.RankingMetric;
import dev.flm.metric.RatingMetrics;
import dev.flm.model.ItemFilter;
import dev.flm.model.Recommendations;
import dev.flm.model.Recommender;
import dev.flm.model.TopK;
import dev.flm.split.CandidateRule;
import dev.flm.split.Split;
import dev.flm.util.FlmVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Evaluates one or more {@link Recommender}s on a {@link Split}, all on the same test users and
 * candidates.
 *
 * <p>For each user with test events: the user's history is their train (and validation) items;
 * relevant items are their distinct test items that are candidates and not in the history;
 * candidates follow the split's {@link CandidateRule} (full ranking over all rated items by
 * default) minus the history; items are ranked by score with ties to the lower item index (= item
 * id order). Users with no relevant candidate are skipped and counted. Metrics are means over the
 * evaluated users, with a seeded per-user bootstrap interval, and every pair of models gets a
 * paired t-test and a bootstrap interval of the difference. Users are scored on several threads;
 * the result does not depend on the thread count.
 *
 * <p>Metric names: ranking metrics ({@code ndcg@K}, {@code recall@K}, {@code precision@K}, {@code
 * hit@K}, {@code mrr@K}, {@code map@K}, see {@link RankingMetric}), {@code auc} (per user, over the
 * candidates), {@code avgpop@K} (mean train count of the top K), {@code coverage@K} (share of
 * candidate items in anyone's top K), {@code rmse} and {@code mae} (scores taken as predicted
 * ratings of the test events).
 */
public final class Evaluator {
  /** Metrics evaluated when none are named. */
  public static final List<String> DEFAULT_METRICS =
      List.of(
          "ndcg@10",
          "recall@10",
          "precision@10",
          "hit@10",
          "mrr@10",
          "map@10",
          "ndcg@20",
          "recall@20",
          "auc",
          "avgpop@10",
          "coverage@10");

  private final Split split;
  private final Map<String, Recommender> models;
  private final List<String> metricNames;
  private final CandidateRule candidates;
  private final BitSet fixedCandidates;
  private final int threads;
  private final int bootstrapSamples;
  private final double confidence;
  private final long seed;

  private Evaluator(Builder b) {
    this.split = b.split;
    this.models = new LinkedHashMap<>(b.models);
    this.metricNames = List.copyOf(b.metrics);
    this.candidates = b.candidates == null ? split.candidates() : b.candidates;
    this.fixedCandidates = candidates instanceof CandidateRule.Fixed f ? f.items() : null;
    this.threads = b.threads;
    this.bootstrapSamples = b.bootstrapSamples;
    this.confidence = b.confidence;
    this.seed = b.seed;
    if (models.isEmpty()) {
      throw new IllegalArgumentException("no models to evaluate");
    }
    for (String m : metricNames) {
      parseMetric(m);
    }
  }

  public static Builder builder(Split split) {
    return new Builder(split);
  }

  /** Configures an {@link Evaluator}. */
  public static final class Builder {
    private final Split split;
    private final Map<String, Recommender> models = new LinkedHashMap<>();
    private List<String> metrics = DEFAULT_METRICS;
    private CandidateRule candidates;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int bootstrapSamples = 1000;
    private double confidence = 0.95;
    private long seed = 42;

    private Builder(Split split) {
      this.split = Objects.requireNonNull(split, "split");
    }

    /** Adds a model under {@code name} (unique, used in the report). */
    public Builder model(String name, Recommender model) {
      Objects.requireNonNull(model, "model");
      if (models.putIfAbsent(name, model) != null) {
        throw new IllegalArgumentException("two models named '" + name + "'");
      }
      return this;
    }

    /** Adds a model named by its type. */
    public Builder model(Recommender model) {
      return model(model.type(), model);
    }

    /**
     * Metric names, e.g. {@code "ndcg@10"}; see the class comment. An unknown name or a bad cut-off
     * fails here, so a caller that sets metrics before training fails before any training.
     */
    public Builder metrics(List<String> names) {
      if (names.isEmpty()) {
        throw new IllegalArgumentException("metrics must not be empty");
      }
      names.forEach(Evaluator::parseMetric);
      this.metrics = List.copyOf(names);
      return this;
    }

    public Builder metrics(String... names) {
      return metrics(List.of(names));
    }

    /** Overrides the split's candidate rule, e.g. {@link CandidateRule#sampled}. */
    public Builder candidates(CandidateRule rule) {
      this.candidates = rule;
      return this;
    }

    public Builder threads(int n) {
      this.threads = checkAtLeast("threads", n, 1);
      return this;
    }

    /** Bootstrap resamples per interval (0 for none) and their seed. */
    public Builder bootstrap(int samples, long bootstrapSeed) {
      this.bootstrapSamples = checkAtLeast("bootstrapSamples", samples, 0);
      this.seed = bootstrapSeed;
      return this;
    }

    public Builder confidence(double level) {
      if (!(level > 0 && level < 1)) {
        throw new IllegalArgumentException("confidence must be in (0, 1); confidence=" + level);
      }
      this.confidence = level;
      return this;
    }

    /** Seed of the bootstrap and of sampled candidates. */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    public Evaluator build() {
      return new Evaluator(this);
    }

    /** Builds and runs. */
    public EvaluationResult run() {
      return build().run();
    }

    private static int checkAtLeast(String name, int v, int min) {
      if (v < min) {
        throw new IllegalArgumentException(name + " must be >= " + min + "; " + name + "=" + v);
      }
      return v;
    }
  }

  private enum Family {
    RANKING,
    AUC,
    AVGPOP,
    COVERAGE,
    RMSE,
    MAE
  }

  private record ParsedMetric(String name, Family family, RankingMetric ranking, int k) {}

  private static ParsedMetric parseMetric(String raw) {
    String s = raw.trim().toLowerCase(Locale.ROOT);
    switch (s) {
      case "auc" -> {
        return new ParsedMetric(s, Family.AUC, null, 0);
      }
      case "rmse" -> {
        return new ParsedMetric(s, Family.RMSE, null, 0);
      }
      case "mae" -> {
        return new ParsedMetric(s, Family.MAE, null, 0);
      }
      default -> {}
    }
    if (s.startsWith("avgpop@") || s.startsWith("coverage@")) {
      int k;
      try {
        k = Integer.parseInt(s.substring(s.indexOf('@') + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("metric cut-off must be an integer; metric=" + raw);
      }
      if (k < 1) {
        throw new IllegalArgumentException("k must be >= 1; metric=" + raw);
      }
      return new ParsedMetric(s, s.startsWith("avgpop") ? Family.AVGPOP : Family.COVERAGE, null, k);
    }
    try {
      RankingMetric r = RankingMetric.parse(s);
      return new ParsedMetric(r.name(), Family.RANKING, r, r.k());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage() + "; other metrics: auc, avgpop@K, coverage@K, rmse, mae", e);
    }
  }

  /** Per-user inputs shared by every model. */
  private record UserCase(int user, int[] history, int[] relevant, int[] testItems) {}

  /** Runs the evaluation. */
  public EvaluationResult run() {
    List<ParsedMetric> metrics = metricNames.stream().map(Evaluator::parseMetric).toList();
    Interactions train = split.train().interactions();
    Interactions test = split.test().interactions();
    IdIndex users = train.userIndex();
    IdIndex items = train.itemIndex();
    int nItems = items.size();

    SparseMatrix history = historyMatrix();
    int[] popularity = new int[nItems];
    for (int i : history.colIdx()) {
      popularity[i]++;
    }
    SparseMatrix testMatrix = test.toMatrix();
    BitSet rated = new BitSet(nItems);
    for (int i : history.colIdx()) {
      rated.set(i);
    }
    for (int i : testMatrix.colIdx()) {
      rated.set(i);
    }

    List<UserCase> cases = new ArrayList<>();
    int skipped = 0;
    for (int u = 0; u < testMatrix.rows(); u++) {
      if (testMatrix.rowNnz(u) == 0) {
        continue;
      }
      int[] hist = history.row(u);
      int[] testItems = testMatrix.row(u);
      BitSet cand = candidatesOf(u, hist, testItems, rated, nItems);
      int[] rel =
          Arrays.stream(testItems)
              .filter(i -> cand.get(i) && Arrays.binarySearch(hist, i) < 0)
              .toArray();
      if (rel.length == 0) {
        skipped++;
        continue;
      }
      cases.add(new UserCase(u, hist, rel, testItems));
    }
    int maxK = 1;
    for (ParsedMetric m : metrics) {
      maxK = Math.max(maxK, m.k());
    }
    int candidateCount = catalogueSize(rated);

    List<EvaluationResult.ModelResult> results = new ArrayList<>();
    for (Map.Entry<String, Recommender> e : models.entrySet()) {
      results.add(
          evaluateModel(
              e.getKey(),
              e.getValue(),
              metrics,
              cases,
              maxK,
              popularity,
              candidateCount,
              test,
              rated));
    }
    List<EvaluationResult.Comparison> comparisons = compare(results, metrics);
    List<String> userIds = cases.stream().map(c -> users.idOf(c.user())).toList();
    Map<String, String> config = new LinkedHashMap<>();
    config.put("threads", Integer.toString(threads));
    config.put("trainInteractions", Integer.toString(train.size()));
    config.put("testInteractions", Integer.toString(test.size()));
    config.put(
        "validationInteractions",
        split.validation() == null
            ? "0"
            : Integer.toString(split.validation().interactions().size()));
    config.put("users", Integer.toString(users.size()));
    config.put("items", Integer.toString(nItems));
    config.put("candidateItems", Integer.toString(candidateCount));
    config.put("ties", "broken by lower item index (item id order)");
    return new EvaluationResult(
        split.train().name(),
        fingerprint(train, test),
        split.protocol(),
        candidates.describe(),
        candidates.sampled(),
        seed,
        bootstrapSamples,
        confidence,
        metrics.stream().map(ParsedMetric::name).toList(),
        userIds,
        skipped,
        results,
        comparisons,
        config,
        FlmVersion.get(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  private SparseMatrix historyMatrix() {
    Interactions train = split.train().interactions();
    Interactions val = split.validationInteractions();
    if (val == null || val.size() == 0) {
      return SparseMatrix.fromCoordinates(
          train.numUsers(),
          train.numItems(),
          train.users(),
          train.items(),
          null,
          SparseMatrix.Duplicates.KEEP_LAST);
    }
    int n = train.size() + val.size();
    int[] u = Arrays.copyOf(train.users(), n);
    int[] i = Arrays.copyOf(train.items(), n);
    System.arraycopy(val.users(), 0, u, train.size(), val.size());
    System.arraycopy(val.items(), 0, i, train.size(), val.size());
    return SparseMatrix.fromCoordinates(
        train.numUsers(), train.numItems(), u, i, null, SparseMatrix.Duplicates.KEEP_LAST);
  }

  private int catalogueSize(BitSet rated) {
    if (candidates instanceof CandidateRule.Fixed f) {
      return f.items().cardinality();
    }
    return rated.cardinality();
  }

  private BitSet candidatesOf(int u, int[] hist, int[] testItems, BitSet rated, int nItems) {
    if (candidates instanceof CandidateRule.Fixed) {
      return fixedCandidates;
    }
    if (candidates instanceof CandidateRule.PerUser p) {
      BitSet b = new BitSet(nItems);
      for (int i : p.of(u)) {
        b.set(i);
      }
      return b;
    }
    if (candidates instanceof CandidateRule.Sampled s) {
      BitSet b = new BitSet(nItems);
      int[] pool =
          rated.stream()
              .filter(
                  i -> Arrays.binarySearch(hist, i) < 0 && Arrays.binarySearch(testItems, i) < 0)
              .toArray();
      SplittableRandom rnd = new SplittableRandom(s.seed() * 0x9E3779B97F4A7C15L + u);
      int take = Math.min(s.negatives(), pool.length);
      for (int t = 0; t < take; t++) {
        int j = t + rnd.nextInt(pool.length - t);
        int x = pool[t];
        pool[t] = pool[j];
        pool[j] = x;
        b.set(pool[t]);
      }
      for (int i : testItems) {
        b.set(i);
      }
      return b;
    }
    return rated;
  }

  /** Maps a model's index space onto the split's. */
  private static final class Adapter {
    final Recommender model;
    final int[] userMap; // split user -> model user, null when identical
    final int[] itemMap; // split item -> model item, null when identical
    final int modelItems;

    Adapter(Recommender model, IdIndex users, IdIndex items) {
      this.model = model;
      this.userMap = model.userIndex().equals(users) ? null : map(users, model.userIndex());
      this.itemMap = model.itemIndex().equals(items) ? null : map(items, model.itemIndex());
      this.modelItems = model.itemIndex().size();
    }

    private static int[] map(IdIndex from, IdIndex to) {
      int[] m = new int[from.size()];
      for (int i = 0; i < m.length; i++) {
        m[i] = to.indexOf(from.idOf(i));
      }
      return m;
    }

    void score(int user, int[] history, float[] modelBuf, float[] out) {
      int mu = userMap == null ? user : userMap[user];
      float[] target = itemMap == null ? out : modelBuf;
      if (history.length == 0) {
        model.score(-1, target);
      } else if (mu < 0) {
        int[] h = history;
        if (itemMap != null) {
          h = Arrays.stream(history).map(i -> itemMap[i]).filter(i -> i >= 0).sorted().toArray();
        }
        model.scoreHistory(h, target);
      } else {
        model.score(mu, target);
      }
      if (itemMap != null) {
        for (int i = 0; i < out.length; i++) {
          int mi = itemMap[i];
          out[i] = mi < 0 ? Float.NEGATIVE_INFINITY : modelBuf[mi];
        }
      }
    }
  }

  private EvaluationResult.ModelResult evaluateModel(
      String name,
      Recommender model,
      List<ParsedMetric> metrics,
      List<UserCase> cases,
      int maxK,
      int[] popularity,
      int candidateCount,
      Interactions test,
      BitSet rated) {
    long start = System.nanoTime();
    int nItemsAll = split.train().itemIndex().size();
    boolean allRated = rated.cardinality() == split.train().itemIndex().size();
    IdIndex users = split.train().userIndex();
    IdIndex items = split.train().itemIndex();
    Adapter adapter = new Adapter(model, users, items);
    int nUsers = cases.size();
    int nm = metrics.size();
    double[][] per = new double[nm][nUsers];
    BitSet[] covered = new BitSet[nm];
    boolean needsAuc = metrics.stream().anyMatch(m -> m.family() == Family.AUC);
    boolean needsRating =
        metrics.stream().anyMatch(m -> m.family() == Family.RMSE || m.family() == Family.MAE);
    // Users whose test events need a rating prediction: index of their case.
    int[] caseOf = new int[users.size()];
    Arrays.fill(caseOf, -1);
    for (int c = 0; c < nUsers; c++) {
      caseOf[cases.get(c).user()] = c;
    }
    float[] predicted = needsRating ? new float[test.size()] : null;
    int[][] testRowsByUser = needsRating ? rowsByUser(test) : null;
    AtomicInteger next = new AtomicInteger();
    int block = 32;
    int nThreads = Math.max(1, Math.min(threads, (nUsers + block - 1) / block));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            nThreads,
            r -> {
              Thread t = new Thread(r, "flm-eval-" + name);
              t.setDaemon(true);
              return t;
            });
    List<Future<BitSet[]>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < nThreads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  float[] scores = new float[items.size()];
                  float[] modelBuf = new float[adapter.modelItems];
                  BitSet[] cov = new BitSet[nm];
                  for (int m = 0; m < nm; m++) {
                    if (metrics.get(m).family() == Family.COVERAGE) {
                      cov[m] = new BitSet(items.size());
                    }
                  }
                  int s;
                  while ((s = next.getAndAdd(block)) < nUsers) {
                    for (int c = s; c < Math.min(nUsers, s + block); c++) {
                      UserCase uc = cases.get(c);
                      adapter.score(uc.user(), uc.history(), modelBuf, scores);
                      BitSet cand =
                          candidatesOf(uc.user(), uc.history(), uc.testItems(), rated, nItemsAll);
                      ItemFilter filter =
                          ItemFilter.of(cand == rated && allRated ? null : cand, uc.history());
                      Recommendations top = TopK.select(scores, maxK, filter);
                      int[] ranked = top.items();
                      int[] candList = null;
                      if (needsAuc) {
                        candList =
                            cand.stream()
                                .filter(i -> Arrays.binarySearch(uc.history(), i) < 0)
                                .toArray();
                      }
                      for (int m = 0; m < nm; m++) {
                        ParsedMetric pm = metrics.get(m);
                        switch (pm.family()) {
                          case RANKING -> per[m][c] = pm.ranking().compute(ranked, uc.relevant());
                          case AUC -> per[m][c] = Auc.compute(scores, candList, uc.relevant());
                          case AVGPOP ->
                              per[m][c] =
                                  ListMetrics.averagePopularity(
                                      Arrays.copyOf(ranked, Math.min(pm.k(), ranked.length)),
                                      popularity);
                          case COVERAGE -> {
                            for (int r = 0; r < Math.min(pm.k(), ranked.length); r++) {
                              cov[m].set(ranked[r]);
                            }
                          }
                          default -> {}
                        }
                      }
                      if (needsRating) {
                        int[] ptr = testRowsByUser[0];
                        int[] rows = testRowsByUser[1];
                        for (int p = ptr[uc.user()]; p < ptr[uc.user() + 1]; p++) {
                          predicted[rows[p]] = scores[test.items()[rows[p]]];
                        }
                      }
                    }
                  }
                  return cov;
                }));
      }
      for (Future<BitSet[]> f : futures) {
        BitSet[] cov = f.get();
        for (int m = 0; m < nm; m++) {
          if (cov[m] != null) {
            if (covered[m] == null) {
              covered[m] = new BitSet(items.size());
            }
            covered[m].or(cov[m]);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("evaluation interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("evaluation of '" + name + "' failed: " + cause, cause);
    } finally {
      pool.shutdownNow();
    }

    float[] actual = null;
    float[] pred = null;
    if (needsRating) {
      int n = 0;
      int[] tu = test.users();
      for (int i = 0; i < test.size(); i++) {
        if (caseOf[tu[i]] >= 0) {
          n++;
        }
      }
      actual = new float[n];
      pred = new float[n];
      int w = 0;
      for (int i = 0; i < test.size(); i++) {
        if (caseOf[tu[i]] >= 0) {
          actual[w] = test.rating(i);
          pred[w++] = predicted[i];
        }
      }
    }
    Map<String, EvaluationResult.MetricValue> summary = new LinkedHashMap<>();
    Map<String, double[]> perUser = new LinkedHashMap<>();
    for (int m = 0; m < nm; m++) {
      ParsedMetric pm = metrics.get(m);
      switch (pm.family()) {
        case COVERAGE ->
            summary.put(
                pm.name(),
                new EvaluationResult.MetricValue(
                    ListMetrics.coverage(covered[m], candidateCount), Double.NaN, Double.NaN));
        case RMSE ->
            summary.put(
                pm.name(),
                new EvaluationResult.MetricValue(
                    RatingMetrics.rmse(actual, pred), Double.NaN, Double.NaN));
        case MAE ->
            summary.put(
                pm.name(),
                new EvaluationResult.MetricValue(
                    RatingMetrics.mae(actual, pred), Double.NaN, Double.NaN));
        default -> {
          Statistics.Interval ci = Statistics.bootstrap(per[m], bootstrapSamples, seed, confidence);
          summary.put(
              pm.name(),
              new EvaluationResult.MetricValue(Statistics.mean(per[m]), ci.low(), ci.high()));
          perUser.put(pm.name(), per[m]);
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EvaluationResult.ModelResult(
        name, model.type(), model.provenance(), summary, perUser, seconds);
  }

  private static int[][] rowsByUser(Interactions in) {
    return dev.flm.split.Splits.rowsByUser(in);
  }

  private List<EvaluationResult.Comparison> compare(
      List<EvaluationResult.ModelResult> results, List<ParsedMetric> metrics) {
    List<EvaluationResult.Comparison> out = new ArrayList<>();
    for (int a = 0; a < results.size(); a++) {
      for (int b = a + 1; b < results.size(); b++) {
        EvaluationResult.ModelResult ra = results.get(a);
        EvaluationResult.ModelResult rb = results.get(b);
        for (ParsedMetric pm : metrics) {
          double[] va = ra.perUser().get(pm.name());
          double[] vb = rb.perUser().get(pm.name());
          if (va == null || vb == null) {
            continue;
          }
          double[] d = Statistics.differences(va, vb);
          Statistics.Interval ci = Statistics.bootstrap(d, bootstrapSamples, seed, confidence);
          out.add(
              new EvaluationResult.Comparison(
                  pm.name(),
                  ra.name(),
                  rb.name(),
                  Statistics.mean(d),
                  ci.low(),
                  ci.high(),
                  Statistics.pairedTTest(va, vb)));
        }
      }
    }
    return out;
  }

  /**
   * SHA-256 identifying several interaction sets together (e.g. train then test): the hash of their
   * {@link Fingerprints} joined by commas; a single set gives its own fingerprint.
   */
  public static String fingerprint(Interactions... parts) {
    if (parts.length == 1) {
      return Fingerprints.of(parts[0]);
    }
    StringBuilder sb = new StringBuilder();
    for (Interactions in : parts) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(Fingerprints.of(in));
    }
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
