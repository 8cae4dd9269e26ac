package dev.flm.text;

/** User vectors as weighted means of item vectors. */
final class UserVectors {
  private UserVectors() {}

  /**
   * The unit weighted mean of the rows {@code history} (oldest first) of the flat matrix {@code
   * itemMat}: recency weight {@code 0.5^(age/halfLife)} (age 0 = newest) times {@code
   * dislikedWeight} for ratings below {@code likedRating}.
   */
  static float[] fromHistory(
      float[] itemMat, int dim, int[] history, float[] ratings, TextModelConfig c) {
    float[] v = new float[dim];
    int n = history.length;
    for (int k = 0; k < n; k++) {
      int age = n - 1 - k;
      double w = c.halfLife() > 0 ? Math.pow(0.5, age / c.halfLife()) : 1.0;
      if (ratings != null && c.likedRating() > 0 && ratings[k] < c.likedRating()) {
        w *= c.dislikedWeight();
      }
      if (w == 0) {
        continue;
      }
      int o = history[k] * dim;
      float fw = (float) w;
      for (int d = 0; d < dim; d++) {
        v[d] += fw * itemMat[o + d];
      }
    }
    return Vectors.normalizeInPlace(v);
  }

  /** A raw encoder vector in a model's space: normalise, subtract {@code center}, normalise. */
  static float[] toSpace(float[] raw, float[] center) {
    float[] v = Vectors.normalizeInPlace(raw.clone());
    for (int d = 0; d < v.length; d++) {
      v[d] -= center[d];
    }
    return Vectors.normalizeInPlace(v);
  }

  /** Unit blend {@code (1-w) * a + w * b} of two unit vectors; either may be zero. */
  static float[] blend(float[] a, float[] b, double w) {
    float[] v = new float[a.length];
    for (int d = 0; d < v.length; d++) {
      v[d] = (float) ((1 - w) * a[d] + w * b[d]);
    }
    return Vectors.normalizeInPlace(v);
  }
}
