package dev.flm.data.io;

import java.util.List;

/**
 * How to read interactions: the format (null = detect from name and content), the column mapping
 * for generic tables (names, or 0-based positions when there is no header), the delimiter (null =
 * detect), whether the first line is a header, and what to do with malformed rows.
 *
 * @param format a {@link DataFormat} name (case-insensitive) or null to detect
 * @param userCol user id column (default "user", also matching user_id/userId/reviewerID)
 * @param itemCol item id column (default "item", also matching item_id/movieId/asin/news_id)
 * @param ratingCol rating column, "" for none (default: "rating" when present)
 * @param timeCol timestamp column, "" for none (default: "timestamp" when present)
 * @param textCols item text columns taken from the interaction file itself (e.g. review text)
 * @param delimiter field delimiter, or null to detect (tab, comma, "::", ';', '|')
 * @param header whether the first line of a delimited file names the columns
 * @param skipBadRows skip malformed rows (counted and reported) instead of stopping
 * @param maxExamples how many skipped rows to keep as examples in the report
 * @param threads threads for parsing large files (0 = available processors)
 */
public record ReadOptions(
    String format,
    String userCol,
    String itemCol,
    String ratingCol,
    String timeCol,
    List<String> textCols,
    String delimiter,
    boolean header,
    boolean skipBadRows,
    int maxExamples,
    int threads) {

  public ReadOptions {
    textCols = textCols == null ? List.of() : List.copyOf(textCols);
    if (maxExamples < 0) {
      throw new IllegalArgumentException("maxExamples must be >= 0; maxExamples=" + maxExamples);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0; threads=" + threads);
    }
    if (delimiter != null && delimiter.isEmpty()) {
      throw new IllegalArgumentException("delimiter must not be empty");
    }
  }

  /** Detect everything, header on, stop at the first bad row. */
  public static ReadOptions defaults() {
    return new ReadOptions(null, null, null, null, null, List.of(), null, true, false, 5, 0);
  }

  public ReadOptions withFormat(String f) {
    return new ReadOptions(
        f,
        userCol,
        itemCol,
        ratingCol,
        timeCol,
        textCols,
        delimiter,
        header,
        skipBadRows,
        maxExamples,
        threads);
  }

  /** Column mapping; null keeps the default guess, "" (rating/time) means none. */
  public ReadOptions withColumns(String user, String item, String rating, String time) {
    return new ReadOptions(
        format,
        user,
        item,
        rating,
        time,
        textCols,
        delimiter,
        header,
        skipBadRows,
        maxExamples,
        threads);
  }

  public ReadOptions withTextCols(List<String> cols) {
    return new ReadOptions(
        format,
        userCol,
        itemCol,
        ratingCol,
        timeCol,
        cols,
        delimiter,
        header,
        skipBadRows,
        maxExamples,
        threads);
  }

  public ReadOptions withDelimiter(String d) {
    return new ReadOptions(
        format,
        userCol,
        itemCol,
        ratingCol,
        timeCol,
        textCols,
        d,
        header,
        skipBadRows,
        maxExamples,
        threads);
  }

  public ReadOptions withHeader(boolean h) {
    return new ReadOptions(
        format,
        userCol,
        itemCol,
        ratingCol,
        timeCol,
        textCols,
        delimiter,
        h,
        skipBadRows,
        maxExamples,
        threads);
  }

  public ReadOptions withSkipBadRows(boolean skip) {
    return new ReadOptions(
        format,
        userCol,
        itemCol,
        ratingCol,
        timeCol,
        textCols,
        delimiter,
        header,
        skip,
        maxExamples,
        threads);
  }

  public ReadOptions withMaxExamples(int m) {
    return new ReadOptions(
        format,
        userCol,
        itemCol,
        ratingCol,
        timeCol,
        textCols,
        delimiter,
        header,
        skipBadRows,
        m,
        threads);
  }

  public ReadOptions withThreads(int t) {
    return new ReadOptions(
        format,
        userCol,
        itemCol,
        ratingCol,
        timeCol,
        textCols,
        delimiter,
        header,
        skipBadRows,
        maxExamples,
        t);
  }

  /** Effective thread count. */
  public int effectiveThreads() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }
}
