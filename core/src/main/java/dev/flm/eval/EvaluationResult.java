package dev.flm.eval;

import dev.flm.model.Provenance;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an {@link Evaluator} run measured: for every model the mean of every metric over the test
 * users with a bootstrap confidence interval, the per-user values behind them, paired comparisons
 * between models, and the provenance of the run.
 *
 * @param dataset data set name
 * @param dataFingerprint SHA-256 of the train and test interactions (ids, ratings, timestamps)
 * @param split the split protocol with its parameters
 * @param candidates the candidate rule, e.g. "all rated items not in the user's train"
 * @param sampled true when candidates were sampled (sampled ranking; not comparable to full)
 * @param seed seed of the bootstrap (and of sampled candidates)
 * @param bootstrapSamples resamples behind each confidence interval
 * @param confidence confidence level of the intervals, e.g. 0.95
 * @param metrics metric names in report order
 * @param users external ids of the evaluated test users, the order of every per-user array
 * @param skippedUsers test users left out because none of their test items was a candidate
 * @param models one result per model, in the order they were added
 * @param comparisons paired comparisons of every later model against the first
 * @param config other settings of the run (threads, train/test sizes, ...)
 * @param flmVersion FLM version
 * @param created when the run finished (UTC, ISO-8601)
 */
public record EvaluationResult(
    String dataset,
    String dataFingerprint,
    String split,
    String candidates,
    boolean sampled,
    long seed,
    int bootstrapSamples,
    double confidence,
    List<String> metrics,
    List<String> users,
    int skippedUsers,
    List<ModelResult> models,
    List<Comparison> comparisons,
    Map<String, String> config,
    String flmVersion,
    String created) {

  public EvaluationResult {
    metrics = List.copyOf(metrics);
    users = List.copyOf(users);
    models = List.copyOf(models);
    comparisons = List.copyOf(comparisons);
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
  }

  /** The result of the model called {@code name}. */
  public ModelResult model(String name) {
    for (ModelResult m : models) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "no model '" + name + "' in result; models: " + models.stream().map(ModelResult::name));
  }

  /**
   * One model's results.
   *
   * @param name name given to the evaluator (unique in a run)
   * @param type registered model type
   * @param provenance the model's provenance (holds its training history, if any)
   * @param metrics summary per metric name
   * @param perUser per-user values per metric (aligned with {@link EvaluationResult#users()}); only
   *     metrics defined per user have an entry
   * @param seconds wall time the evaluation of this model took
   */
  public record ModelResult(
      String name,
      String type,
      Provenance provenance,
      Map<String, MetricValue> metrics,
      Map<String, double[]> perUser,
      double seconds) {

    /** Mean of metric {@code name}. */
    public double mean(String metric) {
      MetricValue v = metrics.get(metric);
      if (v == null) {
        throw new IllegalArgumentException("no metric '" + metric + "'; has " + metrics.keySet());
      }
      return v.mean();
    }
  }

  /** A metric's value with its confidence interval (NaN bounds when it has none). */
  public record MetricValue(double mean, double ciLow, double ciHigh) {}

  /**
   * Model {@code modelA} against {@code modelB} on one metric over the same users.
   *
   * @param meanDifference mean of (A - B) per user
   * @param ciLow lower bound of the bootstrap interval of the difference
   * @param ciHigh upper bound
   * @param pValue two-sided paired t-test p-value
   */
  public record Comparison(
      String metric,
      String modelA,
      String modelB,
      double meanDifference,
      double ciLow,
      double ciHigh,
      double pValue) {}
}
