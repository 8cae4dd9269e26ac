package dev.flm.train;

import dev.flm.model.Params;
import dev.flm.text.TextTemplate;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of the FLM trainer, read from {@code key=value} parameters with defaults tuned on
 * MovieLens latest-small (see docs/flm-model.md for what each part does). Immutable.
 *
 * @param dim factor dimension d
 * @param encoder text encoder name (a catalogue name of the text module, or {@code hashing})
 * @param template item text template of the text module, e.g. {@code {title}[. Genres: {genres}]}
 * @param itemIds learn an ID embedding and bias per item seen in training
 * @param userIds learn an ID embedding per user
 * @param itemText project item text vectors into the factor space
 * @param userText project user text vectors (when the data has user text)
 * @param historyText pool the text vectors of each user's history items into the user vector
 * @param historyIds pool learned per-item history embeddings into the user vector (SVD++ style)
 * @param pooling {@code mean} or {@code sqrtn}
 * @param recencyHalfLife history items pooled with weight 0.5^(age/halfLife), age in events from
 *     the newest; 0 = equal weights
 * @param score {@code dot} or {@code cosine}
 * @param temperature cosine temperature
 * @param loss {@code softmax} (full, per user batch), {@code sampled-softmax}, {@code bpr}, {@code
 *     bce}
 * @param target softmax targets: {@code all} the user's items (reconstruction), or {@code future}:
 *     a random later part of the history predicted from the earlier part (next-items training)
 * @param userWeighting softmax loss weight: {@code events} (every event alike) or {@code users}
 *     (every user alike, as per-user metrics weigh them)
 * @param negatives negatives per positive (bpr, bce) or uniform negatives per batch (sampled
 *     softmax)
 * @param negativeSampling {@code uniform} or {@code popularity} (probability ~ count^0.75)
 * @param popularityCorrection subtract log sampling probability in sampled softmax
 * @param tailBoost long-tail oversampling exponent b: positives weighted by count^-b (0 = off)
 * @param batchSize interactions per step (users per step for {@code softmax})
 * @param epochs maximum epochs
 * @param lr learning rate of the ID embeddings and biases
 * @param projectionLr learning rate of the text, history and feature projections
 * @param encoderLr learning rate of a trainable text tower
 * @param warmupEpochs linear warm-up length, then cosine decay to 10% at {@code epochs}
 * @param weightDecay decoupled (AdamW) weight decay of the embeddings
 * @param projectionWeightDecay decoupled weight decay of the projections
 * @param l1 L1 penalty (proximal step) on the embeddings, 0 = off
 * @param clipNorm global gradient-norm clip, 0 = off
 * @param textDropout dropout on text and feature input vectors
 * @param historyDropout dropout on the history items pooled into a user vector
 * @param idDropout probability of dropping an item's ID part in a step (teaches the text path to
 *     stand alone for new items)
 * @param fieldDropout probability of training an item on its text with one field removed
 * @param coldHead score items without an ID part (new items) by a separate text-only head trained
 *     with an auxiliary loss, instead of the warm item vector's text part
 * @param coldWeight weight λ of the cold-start head's auxiliary loss
 * @param coldShare share of the items in the auxiliary loss scored by the head (the others by the
 *     warm path, detached), so the head is calibrated against known items
 * @param newItemOffset calibrate, on the validation carve, one additive score offset for items
 *     without an ID part (new items) so that the probability mass the model gives them matches the
 *     share of validation events that go to items new to the fit period; it shifts new items
 *     against known ones in mixed rankings and leaves rankings among new items unchanged
 * @param itemItem item-item term added to the factor score: {@code ease} (EASE's weights fit on the
 *     training events, cut to the largest {@code itemItemKeep} per item, scaled by {@code
 *     itemItemWeight}) or {@code none}
 * @param itemItemLambda EASE's L2 weight
 * @param itemItemKeep weights kept per history item
 * @param itemItemMinCount items with fewer distinct users in training get no item-item weights
 * @param itemItemMaxItems most items the item-item term may model (EASE's dense inverse needs about
 *     12 n² bytes of heap and O(n³) time); more is refused before training starts
 * @param itemItemWeight scale of the term; NaN = chosen on the validation carve from a grid that
 *     includes 0 (no term)
 * @param patience epochs without validation improvement before stopping
 * @param validationFraction share of each user's latest training events held out for early stopping
 *     when no validation set is given
 * @param refit after early stopping, train again on all events for the best epoch count
 * @param features optional extra dense item features file ({@code itemId,v1,...,vk}), or null
 * @param checkpointDir folder for per-epoch checkpoints (resume after interruption), or null
 * @param threads PyTorch intra-op threads, 0 = all cores
 */
public record FlmConfig(
    int dim,
    String encoder,
    String template,
    boolean itemIds,
    boolean userIds,
    boolean itemText,
    boolean userText,
    boolean historyText,
    boolean historyIds,
    String pooling,
    double recencyHalfLife,
    String score,
    double temperature,
    String loss,
    String target,
    String userWeighting,
    int negatives,
    String negativeSampling,
    boolean popularityCorrection,
    double tailBoost,
    int batchSize,
    int epochs,
    double lr,
    double projectionLr,
    double encoderLr,
    double warmupEpochs,
    double weightDecay,
    double projectionWeightDecay,
    double l1,
    double clipNorm,
    double textDropout,
    double historyDropout,
    double idDropout,
    double fieldDropout,
    boolean coldHead,
    double coldWeight,
    double coldShare,
    boolean newItemOffset,
    String itemItem,
    double itemItemLambda,
    int itemItemKeep,
    int itemItemMinCount,
    int itemItemMaxItems,
    double itemItemWeight,
    int patience,
    double validationFraction,
    boolean refit,
    Path features,
    Path checkpointDir,
    int threads) {

  /** Defaults. */
  public static FlmConfig defaults() {
    return from(Params.empty());
  }

  /** Reads every parameter (with its default) and rejects unknown ones. */
  public static FlmConfig from(Params p) {
    String feat = p.getString("features", null);
    String ckpt = p.getString("checkpoint-dir", null);
    FlmConfig c =
        new FlmConfig(
            p.getInt("dim", 256, 1, 4096),
            p.getString("encoder", "all-minilm-l6-v2"),
            p.getString("template", TextTemplate.AUTO),
            p.getBoolean("item-ids", true),
            p.getBoolean("user-ids", false),
            p.getBoolean("item-text", true),
            p.getBoolean("user-text", true),
            p.getBoolean("history-text", true),
            p.getBoolean("history-ids", true),
            p.getString("pooling", "sqrtn", "mean", "sqrtn"),
            p.getDouble("recency-half-life", 20, 0, 1e9),
            p.getString("score", "dot", "dot", "cosine"),
            p.getDouble("temperature", 0.1, 1e-4, 100),
            p.getString("loss", "softmax", "softmax", "sampled-softmax", "bpr", "bce"),
            p.getString("target", "all", "all", "future"),
            p.getString("user-weighting", "events", "events", "users"),
            p.getInt("negatives", 0, 0, 1_000_000),
            p.getString("negative-sampling", "uniform", "uniform", "popularity"),
            p.getBoolean("popularity-correction", true),
            p.getDouble("tail-boost", 0, 0, 1),
            p.getInt("batch-size", 0, 0, 1 << 20),
            p.getInt("epochs", 16, 1, 100_000),
            p.getDouble("lr", 0.01, 0, 10),
            p.getDouble("projection-lr", 0.003, 0, 10),
            p.getDouble("encoder-lr", 2e-5, 0, 1),
            p.getDouble("warmup-epochs", 1, 0, 1000),
            p.getDouble("weight-decay", 0.0, 0, 10),
            p.getDouble("projection-weight-decay", 0.0, 0, 10),
            p.getDouble("l1", 0, 0, 10),
            p.getDouble("clip-norm", 5, 0, 1e6),
            p.getDouble("text-dropout", 0.1, 0, 0.95),
            p.getDouble("history-dropout", 0.5, 0, 0.95),
            p.getDouble("id-dropout", 0.2, 0, 1),
            p.getDouble("field-dropout", 0, 0, 1),
            p.getBoolean("cold-head", true),
            p.getDouble("cold-weight", 1, 0, 100),
            p.getDouble("cold-share", 0.5, 0.01, 1),
            p.getBoolean("new-item-offset", true),
            p.getString("item-item", "ease", "ease", "none"),
            p.getDouble("item-item-lambda", 300, 1e-3, 1e9),
            p.getInt("item-item-keep", 256, 1, 1 << 20),
            p.getInt("item-item-min-count", 5, 1, Integer.MAX_VALUE),
            p.getInt("item-item-max-items", 10_000, 1, 46_000),
            weight(p.getString("item-item-weight", "auto")),
            p.getInt("patience", 3, 1, 1000),
            p.getDouble("validation-fraction", 0.1, 0, 0.5),
            p.getBoolean("refit", false),
            feat == null ? null : Path.of(feat),
            ckpt == null ? null : Path.of(ckpt),
            p.getInt("threads", 0, 0, 1024));
    p.checkAllUsed("flm");
    return c;
  }

  private static double weight(String v) {
    if (v.equals("auto")) {
      return Double.NaN;
    }
    try {
      double w = Double.parseDouble(v);
      if (w >= 0 && w < 1e6) {
        return w;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "item-item-weight must be auto or a number in [0, 1e6); item-item-weight=" + v);
  }

  /** Whether the model has an item-item term (it may still be scaled to 0 on validation). */
  public boolean hasItemItem() {
    return itemItem.equals("ease");
  }

  /** Negatives with the loss's default filled in. */
  public int effectiveNegatives() {
    if (negatives > 0) {
      return negatives;
    }
    return switch (loss) {
      case "sampled-softmax" -> 1024;
      case "bpr" -> 1;
      case "bce" -> 4;
      default -> 0;
    };
  }

  /** Batch size with the loss's default filled in. */
  public int effectiveBatchSize() {
    if (batchSize > 0) {
      return batchSize;
    }
    return "softmax".equals(loss) ? 64 : 1024;
  }

  /** Every hyperparameter with its effective value, for provenance. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("dim", Integer.toString(dim));
    m.put("encoder", encoder);
    m.put("template", template);
    m.put("item-ids", Boolean.toString(itemIds));
    m.put("user-ids", Boolean.toString(userIds));
    m.put("item-text", Boolean.toString(itemText));
    m.put("user-text", Boolean.toString(userText));
    m.put("history-text", Boolean.toString(historyText));
    m.put("history-ids", Boolean.toString(historyIds));
    m.put("pooling", pooling);
    m.put("recency-half-life", Double.toString(recencyHalfLife));
    m.put("score", score);
    m.put("temperature", Double.toString(temperature));
    m.put("loss", loss);
    m.put("target", target);
    m.put("user-weighting", userWeighting);
    m.put("negatives", Integer.toString(effectiveNegatives()));
    m.put("negative-sampling", negativeSampling);
    m.put("popularity-correction", Boolean.toString(popularityCorrection));
    m.put("tail-boost", Double.toString(tailBoost));
    m.put("batch-size", Integer.toString(effectiveBatchSize()));
    m.put("epochs", Integer.toString(epochs));
    m.put("lr", Double.toString(lr));
    m.put("projection-lr", Double.toString(projectionLr));
    m.put("encoder-lr", Double.toString(encoderLr));
    m.put("warmup-epochs", Double.toString(warmupEpochs));
    m.put("weight-decay", Double.toString(weightDecay));
    m.put("projection-weight-decay", Double.toString(projectionWeightDecay));
    m.put("l1", Double.toString(l1));
    m.put("clip-norm", Double.toString(clipNorm));
    m.put("text-dropout", Double.toString(textDropout));
    m.put("history-dropout", Double.toString(historyDropout));
    m.put("id-dropout", Double.toString(idDropout));
    m.put("field-dropout", Double.toString(fieldDropout));
    m.put("cold-head", Boolean.toString(coldHead));
    m.put("cold-weight", Double.toString(coldWeight));
    m.put("cold-share", Double.toString(coldShare));
    m.put("new-item-offset", Boolean.toString(newItemOffset));
    m.put("item-item", itemItem);
    m.put("item-item-lambda", Double.toString(itemItemLambda));
    m.put("item-item-keep", Integer.toString(itemItemKeep));
    m.put("item-item-min-count", Integer.toString(itemItemMinCount));
    m.put("item-item-max-items", Integer.toString(itemItemMaxItems));
    m.put(
        "item-item-weight",
        Double.isNaN(itemItemWeight) ? "auto" : Double.toString(itemItemWeight));
    m.put("patience", Integer.toString(patience));
    m.put("validation-fraction", Double.toString(validationFraction));
    m.put("refit", Boolean.toString(refit));
    m.put("features", features == null ? "none" : features.toString());
    m.put("checkpoint-dir", checkpointDir == null ? "none" : checkpointDir.toString());
    m.put("threads", Integer.toString(threads));
    return m;
  }
}
