package dev.flm.train;

import java.util.List;

/**
 * Turns texts into fixed vectors with a pretrained (frozen) encoder: the text module's ONNX encoder
 * behind its embedding cache, or the dependency-free {@link HashingTextSource}.
 */
public interface TextSource {

  /** Name for provenance. */
  String name();

  /** Vector dimension. */
  int dim();

  /** One vector per item text (a passage); an empty or null text gets a zero vector. */
  float[][] encode(List<String> texts);

  /** One vector per user text (a query for asymmetric encoders); defaults to {@link #encode}. */
  default float[][] encodeQueries(List<String> texts) {
    return encode(texts);
  }
}
