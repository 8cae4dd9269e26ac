package dev.flm.train.bert;

import dev.flm.model.Params;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fine-tuning settings read from model parameters ({@code -p key=value}) before FLM's own
 * configuration: {@code fine-tune} ({@code none}, {@code top-N}, {@code all}), {@code
 * encoder-dropout}, {@code encoder-tokens} (padded tokens per encoder batch), {@code max-tokens}
 * (truncation of item texts), {@code init-from} (an FLM model folder or encoder folder to start
 * from), {@code accumulate} (batches per optimizer step) and the two-stage schedule: {@code
 * frozen-first} (train FLM over the frozen encoder first, then fine-tune from that model), {@code
 * fine-tune-epochs} (epochs of the fine-tuning stage) and {@code fine-tune-lr-scale} (the new
 * layers' learning rates in that stage, relative to the first's); {@code negatives-from-snapshot}
 * scores sampled negatives that are not positives of the batch with the encoder's latest snapshot
 * instead of encoding them; {@code encoder-items} bounds the target items a full-softmax step
 * encodes with gradients (the rest of the catalogue comes from the snapshot), and {@code
 * encoder-items-from} which: {@code targets} (the step's positives) or {@code catalogue} (a random
 * draw from the items in the softmax, independent of the labels).
 */
public record FineTuneConfig(
    FineTuneMode mode,
    float dropout,
    int tokenBudget,
    int maxTokens,
    Path initFrom,
    int accumulate,
    boolean frozenFirst,
    int stageEpochs,
    double stageLrScale,
    boolean negativesFromSnapshot,
    int currentPerStep,
    boolean currentFromCatalogue) {

  public static final FineTuneConfig NONE =
      new FineTuneConfig(
          FineTuneMode.NONE, 0.1f, 8192, 64, null, 1, true, 2, 0.1, true, 1024, true);

  /** Keys this record reads. */
  public static final java.util.List<String> KEYS =
      java.util.List.of(
          "fine-tune",
          "encoder-dropout",
          "encoder-tokens",
          "max-tokens",
          "init-from",
          "accumulate",
          "frozen-first",
          "fine-tune-epochs",
          "fine-tune-lr-scale",
          "negatives-from-snapshot",
          "encoder-items",
          "encoder-items-from");

  /** Reads the fine-tuning keys from {@code p} (marking them used). */
  public static FineTuneConfig from(Params p) {
    FineTuneMode mode = FineTuneMode.parse(p.getString("fine-tune", "none"));
    float dropout = (float) p.getDouble("encoder-dropout", 0.1, 0, 0.9);
    int budget = p.getInt("encoder-tokens", 8192, 16, 1 << 22);
    int maxTokens = p.getInt("max-tokens", 64, 3, 512);
    String init = p.getString("init-from", null);
    int accumulate = p.getInt("accumulate", 1, 1, 1 << 16);
    boolean frozenFirst = p.getBoolean("frozen-first", true);
    int stageEpochs = p.getInt("fine-tune-epochs", 2, 1, 100_000);
    double lrScale = p.getDouble("fine-tune-lr-scale", 0.1, 0, 100);
    boolean fromSnapshot = p.getBoolean("negatives-from-snapshot", true);
    int encoderItems = p.getInt("encoder-items", 1024, 1, 1 << 24);
    String itemsFrom = p.getString("encoder-items-from", "catalogue", "targets", "catalogue");
    return new FineTuneConfig(
        mode,
        dropout,
        budget,
        maxTokens,
        init == null ? null : Path.of(init),
        accumulate,
        frozenFirst,
        stageEpochs,
        lrScale,
        fromSnapshot,
        encoderItems,
        itemsFrom.equals("catalogue"));
  }

  /**
   * The same encoder settings with every weight frozen, in one stage (the first stage of a
   * two-stage run: same encoder, texts and truncation, nothing to train).
   */
  public FineTuneConfig frozen() {
    return new FineTuneConfig(
        FineTuneMode.NONE,
        dropout,
        tokenBudget,
        maxTokens,
        initFrom,
        1,
        false,
        stageEpochs,
        stageLrScale,
        false,
        currentPerStep,
        currentFromCatalogue);
  }

  /** Whether a BERT tower is needed (fine-tuning, or starting from a fine-tuned encoder). */
  public boolean needsTower() {
    return mode.enabled() || initFrom != null;
  }

  /**
   * FLM parameters for fine-tuning in one stage ({@code frozen-first=false}): a sampled softmax
   * with 256 uniform negatives is the default there (its steps encode a batch's distinct items; the
   * full softmax, also allowed, encodes up to {@code encoder-items} of each step's targets).
   */
  public static Params withFineTuneDefaults(Params p) {
    Map<String, String> m = new LinkedHashMap<>(p.asMap());
    String ft = m.getOrDefault("fine-tune", "none");
    if (!ft.equals("none")) {
      m.putIfAbsent("loss", "sampled-softmax");
      // Every uniform negative is one more distinct item through the encoder in each step.
      m.putIfAbsent("negatives", "256");
    }
    return new Params(m);
  }

  /** For provenance. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("fine-tune", mode.toString());
    m.put("encoder-dropout", Float.toString(dropout));
    m.put("encoder-tokens", Integer.toString(tokenBudget));
    m.put("max-tokens", Integer.toString(maxTokens));
    m.put("init-from", initFrom == null ? "none" : initFrom.toString());
    m.put("accumulate", Integer.toString(accumulate));
    m.put("frozen-first", Boolean.toString(frozenFirst));
    m.put("fine-tune-epochs", Integer.toString(stageEpochs));
    m.put("fine-tune-lr-scale", Double.toString(stageLrScale));
    m.put("negatives-from-snapshot", Boolean.toString(negativesFromSnapshot));
    m.put("encoder-items", Integer.toString(currentPerStep));
    m.put("encoder-items-from", currentFromCatalogue ? "catalogue" : "targets");
    return m;
  }
}
