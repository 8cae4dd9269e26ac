package dev.flm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;

/**
 * The text side of FLM's item tower: turns catalogue items into text vectors inside the autograd
 * graph. FLM only ever asks a tower for rows; whether they are precomputed constants ({@link
 * FrozenTextTower}) or the output of an encoder being fine-tuned (supplied by the {@code bert}
 * work) is the tower's business, so unfreezing the encoder is a switch of tower, not a rewrite.
 *
 * <p>Lifecycle: the trainer calls {@link #attach} once with the manager that owns parameters,
 * {@link #forward} once or more per step inside the gradient collector, {@link #parameters} to give
 * the optimizer the tower's weights (learning-rate group {@code encoder}), {@link #snapshot} at the
 * end of an epoch (the vectors pooled into user histories and exported for serving) and {@link
 * #close} at the end. Not thread-safe.
 */
public interface TextTower extends AutoCloseable {

  /** Encoder name for provenance, e.g. {@code all-minilm-l6-v2}. */
  String name();

  /** Dimension of the text vectors. */
  int dim();

  /** Number of catalogue items (rows). */
  int numItems();

  /** True when the tower has weights to train ({@link #parameters} is non-empty). */
  boolean trainable();

  /**
   * For a full-softmax step: whether the items encoded with gradients in a step should be the
   * step's targets (its positives) or a random draw from the catalogue, independent of the labels.
   * Targets give every positive a gradient; but the other rows come from a snapshot that does not
   * move, so with targets the encoder can lower the loss by lifting the positives' vectors as a
   * group against constants, which ranks nothing once the snapshot is refreshed. A label-free draw
   * moves positives and negatives alike and gives an unbiased estimate of the full gradient.
   */
  default boolean currentRowsFromTargets() {
    return true;
  }

  /** Whether catalogue item {@code item} has any text (items without text get a zero vector). */
  boolean hasText(int item);

  /** Creates the tower's parameters and constants in {@code parameterManager}. */
  void attach(NDManager parameterManager);

  /**
   * Text vectors of {@code items} as a {@code items.length x dim()} array in {@code step}'s scope.
   * With {@code training}, a tower may apply its own augmentation (e.g. field dropout) and must
   * record the computation for gradients when trainable.
   */
  NDArray forward(NDManager step, int[] items, boolean training);

  /**
   * Like {@link #forward(NDManager, int[], boolean)} (with {@code items} null for the whole
   * catalogue), where only the rows whose item is in {@code current} need vectors from the current
   * weights with gradients: a trainable tower may give every other row from its latest snapshot,
   * without gradients, to save encoder work. A sampled loss passes a batch's positives (its sampled
   * negatives may then come from the snapshot); a full-softmax step passes the items to encode
   * afresh in order of preference, and the tower encodes as many of them as it allows per step. By
   * default every row is current.
   */
  default NDArray forward(NDManager step, int[] items, boolean training, int[] current) {
    return forward(step, items, training);
  }

  /**
   * The trainable weights changed outside a training step (e.g. the best epoch restored), or the
   * caller is about to validate: the next whole-catalogue request must reflect the current weights.
   */
  default void weightsChanged() {}

  /** Trainable weights (empty when frozen); the trainer marks them as requiring gradients. */
  List<NDArray> parameters();

  /** Names of {@link #parameters}, in the same order (for messages). */
  default List<String> parameterNames() {
    List<String> names = new java.util.ArrayList<>();
    for (int k = 0; k < parameters().size(); k++) {
      names.add("parameter " + k);
    }
    return names;
  }

  /** Current text vectors of every catalogue item, numItems x dim, computed without gradients. */
  float[][] snapshot();

  /**
   * Files to save in the model folder beside FLM's arrays, by relative path (e.g. a fine-tuned
   * encoder under {@code encoder/}); called after training, before {@link #close}.
   */
  default Map<String, byte[]> attachments() {
    return Map.of();
  }

  @Override
  void close();
}
