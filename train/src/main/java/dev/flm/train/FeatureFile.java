package dev.flm.train;

import dev.flm.data.DataFormatException;
import dev.flm.data.IdIndex;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Extra dense item features (e.g. image vectors) from a CSV file: one line per item, {@code
 * itemId,v1,...,vk}; an optional header whose first field is {@code itemId}, {@code item_id} or
 * {@code id}; blank lines and lines starting with {@code #} are skipped. Every line must have the
 * same k; ids must be catalogue items. Items absent from the file get a zero vector.
 *
 * @param vectors numItems x k, zero rows for items the file does not list
 * @param present which items the file lists
 * @param listed number of items listed
 */
public record FeatureFile(float[][] vectors, boolean[] present, int listed) {

  /** Dimension k. */
  public int dim() {
    return vectors.length == 0 ? 0 : vectors[0].length;
  }

  /** Reads {@code file} against the item catalogue {@code items}. */
  public static FeatureFile read(Path file, IdIndex items) throws IOException, DataFormatException {
    float[][] out = null;
    boolean[] present = new boolean[items.size()];
    int listed = 0;
    int dim = -1;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      long no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
          continue;
        }
        String[] f = s.split(",", -1);
        String id = f[0].strip();
        if (dim < 0 && (id.equals("itemId") || id.equals("item_id") || id.equals("id"))) {
          continue;
        }
        int k = f.length - 1;
        if (k < 1) {
          throw new DataFormatException(file, no, "v1", "no feature values after the item id");
        }
        if (dim < 0) {
          dim = k;
          out = new float[items.size()][dim];
        } else if (k != dim) {
          throw new DataFormatException(
              file, no, "v" + (Math.min(k, dim) + 1), "has " + k + " values; expected " + dim);
        }
        int item = items.indexOf(id);
        if (item < 0) {
          throw new DataFormatException(file, no, "itemId", "unknown item id '" + id + "'");
        }
        if (present[item]) {
          throw new DataFormatException(file, no, "itemId", "duplicate item id '" + id + "'");
        }
        for (int j = 0; j < k; j++) {
          String v = f[j + 1].strip();
          float x;
          try {
            x = Float.parseFloat(v);
          } catch (NumberFormatException e) {
            throw new DataFormatException(file, no, "v" + (j + 1), "not a number: '" + v + "'");
          }
          if (!Float.isFinite(x)) {
            throw new DataFormatException(file, no, "v" + (j + 1), "not finite: '" + v + "'");
          }
          out[item][j] = x;
        }
        present[item] = true;
        listed++;
      }
    }
    if (out == null) {
      throw new DataFormatException(file, 0, null, "no feature lines");
    }
    return new FeatureFile(out, present, listed);
  }
}
