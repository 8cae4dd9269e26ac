package dev.flm.hybrid;

import dev.flm.data.SparseMatrix;
import java.util.Objects;

/**
 * FLM's item-item term: {@code weight · Σ_{j ∈ H(u)} W[j, i]} added to the factor score of item
 * {@code i} for a user with history {@code H(u)}. {@code W} is a sparse items x items matrix (row
 * {@code j}: what having interacted with {@code j} adds to each other item; EASE's weights cut to
 * the largest per row) and {@code weight} its scale against the factor score, chosen on validation
 * data. The factor model captures broad, low-rank taste and the text; this term keeps the
 * full-rank, item-specific co-occurrence that a low-dimensional model smooths away. Items with no
 * row or column (new items, items too rare to model) get nothing from it.
 *
 * @param weight scale of the term in the score
 * @param weights items x items, row = history item, column = scored item
 * @param historyPtr CSR row pointers of the known users' histories (numUsers + 1)
 * @param historyItems the known users' history items (dense item indices)
 */
public record ItemNeighbours(
    float weight, SparseMatrix weights, int[] historyPtr, int[] historyItems) {

  public ItemNeighbours {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(historyPtr, "historyPtr");
    Objects.requireNonNull(historyItems, "historyItems");
    if (!Float.isFinite(weight)) {
      throw new IllegalArgumentException("weight must be finite; weight=" + weight);
    }
    if (weights.rows() != weights.cols()) {
      throw new IllegalArgumentException(
          "weights must be square; " + weights.rows() + " x " + weights.cols());
    }
    if (historyPtr.length == 0
        || historyPtr[0] != 0
        || historyPtr[historyPtr.length - 1] != historyItems.length) {
      throw new IllegalArgumentException(
          "historyPtr must start at 0 and end at historyItems.length=" + historyItems.length);
    }
    for (int i : historyItems) {
      if (i < 0 || i >= weights.rows()) {
        throw new IllegalArgumentException(
            "history item " + i + " is outside the " + weights.rows() + " items");
      }
    }
  }

  /** Number of catalogue items the term covers (the rows and columns of {@code weights}). */
  public int numItems() {
    return weights.rows();
  }

  /** Number of known users whose histories are kept. */
  public int numUsers() {
    return historyPtr.length - 1;
  }

  /** Adds the term for known user {@code user} (dense index) to {@code out}. */
  public void addForUser(int user, float[] out) {
    add(historyItems, historyPtr[user], historyPtr[user + 1], out);
  }

  /** Adds the term for a user whose history is {@code history[from, to)} to {@code out}. */
  public void add(int[] history, int from, int to, float[] out) {
    int[] ptr = weights.rowPtr();
    int[] col = weights.colIdx();
    float[] val = weights.values();
    float w = weight;
    for (int p = from; p < to; p++) {
      int j = history[p];
      if (j < 0 || j >= ptr.length - 1) {
        continue;
      }
      for (int q = ptr[j]; q < ptr[j + 1]; q++) {
        out[col[q]] += w * val[q];
      }
    }
  }
}
