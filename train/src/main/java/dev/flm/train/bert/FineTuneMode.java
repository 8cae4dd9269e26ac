package dev.flm.train.bert;

import java.util.Locale;

/**
 * Which encoder weights train: {@code none} (frozen encoder), {@code top-N} (the top N transformer
 * layers; the lower layers and embeddings stay frozen, so their outputs can be cached per item) or
 * {@code all} (every layer and the embeddings).
 *
 * @param topLayers number of top layers that train; -1 for all (embeddings included)
 */
public record FineTuneMode(int topLayers) {
  public static final FineTuneMode NONE = new FineTuneMode(0);
  public static final FineTuneMode ALL = new FineTuneMode(-1);

  public FineTuneMode {
    if (topLayers < -1) {
      throw new IllegalArgumentException("fine-tune top-N needs N >= 1; N=" + topLayers);
    }
  }

  /** Parses {@code none}, {@code all} or {@code top-N}. */
  public static FineTuneMode parse(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    if (v.equals("none") || v.equals("frozen")) {
      return NONE;
    }
    if (v.equals("all")) {
      return ALL;
    }
    if (v.startsWith("top-")) {
      try {
        int n = Integer.parseInt(v.substring(4));
        if (n >= 1) {
          return new FineTuneMode(n);
        }
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException("fine-tune must be none, top-N (N >= 1) or all; was " + s);
  }

  public boolean enabled() {
    return topLayers != 0;
  }

  /** The first trainable layer of an encoder with {@code layers} layers (0 when all train). */
  public int firstTrainableLayer(int layers) {
    if (topLayers == -1) {
      return 0;
    }
    if (topLayers > layers) {
      throw new IllegalArgumentException(
          "fine-tune top-"
              + topLayers
              + " asks for more layers than the encoder has ("
              + layers
              + ")");
    }
    return layers - topLayers;
  }

  /** Whether the embeddings train. */
  public boolean embeddingsTrain() {
    return topLayers == -1;
  }

  @Override
  public String toString() {
    return topLayers == 0 ? "none" : topLayers == -1 ? "all" : "top-" + topLayers;
  }
}
