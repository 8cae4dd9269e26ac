package dev.flm.cli;

import dev.flm.data.Attributes;
import dev.flm.data.Interactions;
import dev.flm.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * Writes the files {@code flm data split} and {@code flm data clean} produce: interactions in the
 * train-file format ({@code user item rating timestamp}, tab-separated, with a header), the item
 * catalogue as a TSV side file, and candidate lists (one item id per line).
 */
final class SplitFiles {
  private SplitFiles() {}

  /** Interactions as a train file; the rating/timestamp columns only when the data has them. */
  static void writeInteractions(Interactions x, Path file) throws IOException {
    AtomicFiles.write(
        file,
        os -> {
          Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
          w.write("user\titem");
          w.write(x.hasRatings() ? "\trating" : "");
          w.write(x.hasTimestamps() ? "\ttimestamp" : "");
          w.write('\n');
          for (int k = 0; k < x.size(); k++) {
            w.write(x.userIndex().idOf(x.users()[k]));
            w.write('\t');
            w.write(x.itemIndex().idOf(x.items()[k]));
            if (x.hasRatings()) {
              w.write('\t');
              w.write(number(x.ratings()[k]));
            }
            if (x.hasTimestamps()) {
              w.write('\t');
              w.write(Long.toString(x.timestamps()[k]));
            }
            w.write('\n');
          }
          w.flush();
        });
  }

  /**
   * The item catalogue with its fields: header {@code item} then one column per field; categorical
   * values joined by {@code |}; tabs and newlines inside text become spaces.
   */
  static void writeItems(Attributes items, Path file) throws IOException {
    AtomicFiles.write(
        file,
        os -> {
          Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
          w.write("item");
          for (String f : items.fieldNames()) {
            w.write('\t');
            w.write(clean(f));
          }
          w.write('\n');
          for (int i = 0; i < items.index().size(); i++) {
            w.write(items.index().idOf(i));
            for (Attributes.Field f : items.fields().values()) {
              w.write('\t');
              if (f instanceof Attributes.TextField t) {
                w.write(t.values()[i] == null ? "" : clean(t.values()[i]));
              } else if (f instanceof Attributes.CategoricalField c) {
                String[] v = c.values()[i];
                w.write(v == null ? "" : clean(String.join("|", v)));
              } else if (f instanceof Attributes.NumericField n) {
                float v = n.values()[i];
                w.write(Float.isNaN(v) ? "" : number(v));
              }
            }
            w.write('\n');
          }
          w.flush();
        });
  }

  /** Item ids of {@code items}, one per line. */
  static void writeIds(BitSet items, dev.flm.data.IdIndex index, Path file) throws IOException {
    AtomicFiles.write(
        file,
        os -> {
          Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
          for (int i = items.nextSetBit(0); i >= 0; i = items.nextSetBit(i + 1)) {
            w.write(index.idOf(i));
            w.write('\n');
          }
          w.flush();
        });
  }

  static String number(float v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return Long.toString((long) v);
    }
    return RecommendCommand.formatScore(v);
  }

  private static String clean(String s) {
    return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }
}
