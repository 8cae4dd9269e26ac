package dev.flm.data.io;

import dev.flm.data.Interactions;
import dev.flm.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes interactions as the FLM train-file format: UTF-8 TSV with header {@code
 * user<TAB>item<TAB>rating<TAB>timestamp} (the rating and timestamp columns only when the
 * interactions have them), one event per line in event order, external ids. Written atomically;
 * {@link DataLoader#loadTrainFile} reads it back. Ids must not contain tabs or newlines.
 */
public final class DataWriter {
  private DataWriter() {}

  public static void writeTrainFile(Interactions inter, Path file) throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          Writer w =
              new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
          write(inter, w);
          w.flush();
        });
  }

  /** Writes the train-file text to {@code w} (not closed). */
  public static void write(Interactions inter, Writer w) throws IOException {
    boolean r = inter.hasRatings();
    boolean t = inter.hasTimestamps();
    w.write("user\titem");
    if (r) {
      w.write("\trating");
    }
    if (t) {
      w.write("\ttimestamp");
    }
    w.write('\n');
    String[] uid = inter.userIndex().ids();
    String[] iid = inter.itemIndex().ids();
    for (String[] ids : new String[][] {uid, iid}) {
      for (String id : ids) {
        if (id.indexOf('\t') >= 0 || id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0) {
          throw new IllegalArgumentException(
              "id contains a tab or newline and cannot be written to TSV: '" + id + "'");
        }
      }
    }
    int[] us = inter.users();
    int[] is = inter.items();
    String[] uq = quoted(uid);
    String[] iq = quoted(iid);
    for (int k = 0; k < inter.size(); k++) {
      w.write(uq[us[k]]);
      w.write('\t');
      w.write(iq[is[k]]);
      if (r) {
        w.write('\t');
        w.write(formatRating(inter.ratings()[k]));
      }
      if (t) {
        w.write('\t');
        w.write(Long.toString(inter.timestamps()[k]));
      }
      w.write('\n');
    }
  }

  /** Ids as written: one that starts with a quote is quoted (RFC 4180) so it reads back as is. */
  private static String[] quoted(String[] ids) {
    String[] out = new String[ids.length];
    for (int i = 0; i < ids.length; i++) {
      String id = ids[i];
      out[i] = id.startsWith("\"") ? "\"" + id.replace("\"", "\"\"") + "\"" : id;
    }
    return out;
  }

  /** "4" for whole numbers, shortest round-trip float text otherwise. */
  static String formatRating(float v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return Long.toString((long) v);
    }
    return Float.toString(v);
  }
}
