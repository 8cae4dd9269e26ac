package dev.flm.data.io;

import dev.flm.data.DataFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what happens to a malformed row: rethrow (the default), or count it and keep the first
 * few messages as examples when the user asked to skip bad rows. Readers report every rejected row
 * here, so nothing is dropped silently.
 */
public final class BadRows {
  private final boolean skip;
  private final int maxExamples;
  private final List<String> examples = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private long skipped;
  private long read;

  public BadRows(boolean skip, int maxExamples) {
    this.skip = skip;
    this.maxExamples = maxExamples;
  }

  /** From the read options. */
  public static BadRows of(ReadOptions options) {
    return new BadRows(options.skipBadRows(), options.maxExamples());
  }

  /** Rethrows {@code e} unless skipping, in which case the row is counted. */
  public void reject(DataFormatException e) throws DataFormatException {
    if (!skip) {
      throw e;
    }
    skipped++;
    if (examples.size() < maxExamples) {
      examples.add(e.getMessage());
    }
  }

  /** Counts one row kept. */
  public void accepted() {
    read++;
  }

  /** Takes over the counts of the parallel loader. */
  void addFast(FastTableLoader.Result r) throws DataFormatException {
    read += r.interactions().size();
    for (DataFormatException e : r.examples()) {
      if (!skip) {
        throw e;
      }
      if (examples.size() < maxExamples) {
        examples.add(e.getMessage());
      }
    }
    skipped += r.skipped();
  }

  public void note(String note) {
    notes.add(note);
  }

  public long skipped() {
    return skipped;
  }

  public long read() {
    return read;
  }

  public boolean skipping() {
    return skip;
  }

  public LoadReport report(String format) {
    return new LoadReport(format, read, skipped, examples, notes);
  }
}
