package dev.flm.cli;

import dev.flm.data.DataFormatException;
import dev.flm.data.io.DataLoader;
import dev.flm.data.io.LoadReport;
import dev.flm.data.io.LoadResult;
import dev.flm.data.io.ReadOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where a command reads its data and how: a folder in a known layout ({@code --data}) or one
 * interaction file in any format ({@code --interactions}) with the column mapping. Include with
 * {@code @Mixin DataOptions input}.
 */
final class DataOptions {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "A data folder in a known layout (MovieLens, RecBole, MIND, Amazon, ...).")
  Path data;

  @Option(
      names = "--interactions",
      paramLabel = "FILE",
      description = "One interactions file in any supported format (CSV, TSV, JSON Lines, ...).")
  Path interactions;

  @Option(
      names = "--format",
      paramLabel = "NAME",
      description = "Read as this format instead of detecting it from the name and content.")
  String format;

  @Option(
      names = "--user-col",
      paramLabel = "COL",
      description = "User id column (name, or 0-based position with --no-header).")
  String userCol;

  @Option(names = "--item-col", paramLabel = "COL", description = "Item id column.")
  String itemCol;

  @Option(
      names = "--rating-col",
      paramLabel = "COL",
      description =
          "Rating column; \"\" for none (implicit feedback). Default: 'rating' if present.")
  String ratingCol;

  @Option(
      names = "--time-col",
      paramLabel = "COL",
      description = "Timestamp column; \"\" for none. Default: 'timestamp' if present.")
  String timeCol;

  @Option(
      names = "--text-cols",
      paramLabel = "COL",
      split = ",",
      description = "Columns of the interactions file that hold item text (comma-separated).")
  List<String> textCols;

  @Option(
      names = "--delimiter",
      paramLabel = "SEP",
      description = "Field delimiter (e.g. ',', '\\t', '::'); detected when not given.")
  String delimiter;

  @Option(names = "--no-header", description = "The first line is data, not column names.")
  boolean noHeader;

  @Option(
      names = "--skip-bad-rows",
      description =
          "Skip malformed rows (they are counted and the first few shown) instead of stopping.")
  boolean skipBadRows;

  /** The read options these flags describe. */
  ReadOptions readOptions() {
    ReadOptions o = ReadOptions.defaults();
    if (format != null) {
      o = o.withFormat(format);
    }
    o = o.withColumns(userCol, itemCol, ratingCol, timeCol);
    if (textCols != null) {
      o = o.withTextCols(textCols);
    }
    if (delimiter != null) {
      o = o.withDelimiter(unescape(delimiter));
    }
    return o.withHeader(!noHeader).withSkipBadRows(skipBadRows);
  }

  /** True when neither --data nor --interactions was given. */
  boolean isEmpty() {
    return data == null && interactions == null;
  }

  /** The path given by --data or --interactions; exactly one is required. */
  Path path() {
    if (data != null && interactions != null) {
      throw new UserException("give either --data DIR or --interactions FILE, not both");
    }
    if (data == null && interactions == null) {
      throw new UserException("no input: give --data DIR or --interactions FILE");
    }
    return data != null ? data : interactions;
  }

  /** Loads the data set, printing what was skipped (if anything) to {@code err}. */
  LoadResult load(PrintWriter err) throws IOException, DataFormatException {
    return load(path(), null, readOptions(), err);
  }

  /** Loads the data set joined with an item side file ({@code null} for none). */
  LoadResult load(Path items, PrintWriter err) throws IOException, DataFormatException {
    return load(path(), items, readOptions(), err);
  }

  /** Loads {@code path} (and {@code items}) with {@code options}, reporting skipped rows. */
  static LoadResult load(Path path, Path items, ReadOptions options, PrintWriter err)
      throws IOException, DataFormatException {
    LoadResult r;
    ProgressBar bar = ProgressBar.start("reading " + path.getFileName(), 0);
    try {
      r = DataLoader.load(path, items, options);
    } finally {
      bar.close();
    }
    reportSkipped(r.report(), err);
    return r;
  }

  static void reportSkipped(LoadReport report, PrintWriter err) {
    if (report.rowsSkipped() > 0) {
      err.println("flm: skipped " + report.rowsSkipped() + " malformed rows, for example:");
      for (String e : report.examples()) {
        err.println("  " + e);
      }
    }
    for (String n : report.notes()) {
      err.println("flm: note: " + n);
    }
    err.flush();
  }

  static String unescape(String s) {
    return switch (s) {
      case "\\t", "tab", "TAB" -> "\t";
      case "comma" -> ",";
      case "space" -> " ";
      default -> s.replace("\\t", "\t");
    };
  }
}
