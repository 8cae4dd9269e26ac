package dev.flm.model;

import dev.flm.util.FlmVersion;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a model came from: enough to retrain it. Written into every model folder and shown in every
 * evaluation report.
 *
 * @param modelType registered {@link ModelType} name
 * @param hyperparameters every hyperparameter with its effective value (defaults included)
 * @param data description of the training data (path, format, cleaning steps)
 * @param dataFingerprint SHA-256 of the training interactions (see {@code Fingerprints})
 * @param split the split protocol and its parameters, or "none"
 * @param seed the seed used for every random choice
 * @param encoder text encoder id and version, or "none"
 * @param flmVersion FLM version that trained the model
 * @param java JVM vendor and version
 * @param os operating system and architecture
 * @param created training time (UTC, ISO-8601, seconds)
 * @param history per-epoch training history by series name (e.g. "loss", "val_ndcg@10")
 */
public record Provenance(
    String modelType,
    Map<String, String> hyperparameters,
    String data,
    String dataFingerprint,
    String split,
    long seed,
    String encoder,
    String flmVersion,
    String java,
    String os,
    String created,
    Map<String, List<Double>> history) {

  public Provenance {
    hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
    history =
        history == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(history));
  }

  /** Provenance for a model trained now in this JVM. */
  public static Provenance now(
      String modelType,
      Map<String, String> hyperparameters,
      String data,
      String dataFingerprint,
      String split,
      long seed,
      String encoder) {
    return new Provenance(
        modelType,
        hyperparameters,
        data,
        dataFingerprint,
        split,
        seed,
        encoder,
        FlmVersion.get(),
        System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        Map.of());
  }

  /** The same provenance with a training history attached. */
  public Provenance withHistory(Map<String, List<Double>> newHistory) {
    return new Provenance(
        modelType,
        hyperparameters,
        data,
        dataFingerprint,
        split,
        seed,
        encoder,
        flmVersion,
        java,
        os,
        created,
        newHistory);
  }
}
