package dev.flm.data.io;

import dev.flm.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Path;

/** Reads interaction rows of a delimited table into a builder. */
final class InteractionRows {
  private InteractionRows() {}

  /**
   * Reads every remaining row of {@code r}; column positions {@code rating} and {@code time} may be
   * -1. Rows must have exactly {@code fields} fields ({@code fields <= 0}: at least enough).
   */
  static void read(
      TableReader r,
      String[] header,
      int fields,
      int user,
      int item,
      int rating,
      int time,
      DatasetBuilder b,
      BadRows bad)
      throws IOException, DataFormatException {
    Path file = r.file();
    int need = Math.max(Math.max(user, item), Math.max(rating, time)) + 1;
    String uName = header == null ? "user" : header[user];
    String iName = header == null ? "item" : header[item];
    String rName = header == null || rating < 0 ? "rating" : header[rating];
    String tName = header == null || time < 0 ? "timestamp" : header[time];
    String[] row;
    while ((row = MovieLensReader.next(r, bad)) != null) {
      long line = r.line();
      try {
        if (fields > 0) {
          Fields.checkCount(row, fields, file, line);
        } else {
          Fields.checkAtLeast(row, need, file, line);
        }
        String u = Fields.id(row[user], file, line, uName);
        String i = Fields.id(row[item], file, line, iName);
        float v = rating < 0 ? 1f : Fields.rating(row[rating], file, line, rName);
        long t = time < 0 ? 0L : Fields.time(row[time], file, line, tName);
        b.add(u, i, v, t);
        bad.accepted();
      } catch (DataFormatException e) {
        bad.reject(e);
      }
    }
  }
}
