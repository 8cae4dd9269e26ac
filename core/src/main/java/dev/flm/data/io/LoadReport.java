package dev.flm.data.io;

import java.util.List;

/**
 * What a load did: rows read into the data set, bad rows skipped (only with {@code skipBadRows})
 * with the first few as examples, and notes (e.g. ignored columns). Nothing is dropped silently:
 * every skipped row is counted here.
 *
 * @param format the detected or requested format name
 * @param rowsRead interaction rows kept
 * @param rowsSkipped malformed rows skipped
 * @param examples one-line descriptions (file:line field: problem) of the first skipped rows
 * @param notes other remarks worth showing the user
 */
public record LoadReport(
    String format, long rowsRead, long rowsSkipped, List<String> examples, List<String> notes) {

  public LoadReport {
    examples = List.copyOf(examples);
    notes = List.copyOf(notes);
  }

  /** One line per fact, for the console. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append("format: ").append(format).append('\n');
    sb.append("rows read: ").append(rowsRead).append('\n');
    sb.append("rows skipped: ").append(rowsSkipped).append('\n');
    for (String e : examples) {
      sb.append("  skipped: ").append(e).append('\n');
    }
    if (rowsSkipped > examples.size()) {
      sb.append("  ... and ").append(rowsSkipped - examples.size()).append(" more\n");
    }
    for (String n : notes) {
      sb.append("note: ").append(n).append('\n');
    }
    return sb.toString();
  }
}
