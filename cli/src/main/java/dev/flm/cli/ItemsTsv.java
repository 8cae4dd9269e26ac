package dev.flm.cli;

import dev.flm.data.Attributes;
import dev.flm.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes an item catalogue as a TSV side file that {@code flm train --items} reads back: header
 * {@code item} then one column per field.
 */
final class ItemsTsv {
  private ItemsTsv() {}

  /**
   * The item catalogue with its fields: header {@code item} then one column per field; categorical
   * values joined by {@code |}; tabs and newlines inside text become spaces.
   */
  static void write(Attributes items, Path file) throws IOException {
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
