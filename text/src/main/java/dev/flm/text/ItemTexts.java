package dev.flm.text;

import dev.flm.data.Dataset;
import java.util.List;

/**
 * Item texts and their vectors for a whole catalogue: what the {@code text} model and hybrid models
 * that fuse text vectors with latent factors start from.
 */
public final class ItemTexts {
  private ItemTexts() {}

  /** The text of every catalogue item (dense item order) from {@code template}. */
  public static List<String> render(Dataset data, TextTemplate template) {
    return template.renderAll(data.items());
  }

  /**
   * Unit text vectors of every catalogue item, one row per dense item index; items whose text is
   * empty get a zero row. Uses {@code encoder} as given (wrap it in a {@link CachingEncoder} to
   * reuse vectors across runs).
   */
  public static float[][] encode(Dataset data, TextTemplate template, TextEncoder encoder) {
    float[][] v = encoder.encode(render(data, template), Role.PASSAGE);
    for (float[] row : v) {
      Vectors.normalizeInPlace(row);
    }
    return v;
  }

  /**
   * Subtracts the mean of the non-zero rows of {@code unitVectors} from each of them and
   * re-normalises in place; returns the mean.
   */
  public static float[] center(float[][] unitVectors) {
    int dim = unitVectors.length == 0 ? 0 : unitVectors[0].length;
    double[] sum = new double[dim];
    int count = 0;
    for (float[] v : unitVectors) {
      boolean zero = true;
      for (int d = 0; d < dim; d++) {
        sum[d] += v[d];
        zero &= v[d] == 0f;
      }
      if (!zero) {
        count++;
      }
    }
    float[] mean = new float[dim];
    for (int d = 0; d < dim; d++) {
      mean[d] = count == 0 ? 0f : (float) (sum[d] / count);
    }
    for (float[] v : unitVectors) {
      boolean zero = true;
      for (int d = 0; d < dim; d++) {
        zero &= v[d] == 0f;
      }
      if (zero) {
        continue;
      }
      for (int d = 0; d < dim; d++) {
        v[d] -= mean[d];
      }
      Vectors.normalizeInPlace(v);
    }
    return mean;
  }
}
