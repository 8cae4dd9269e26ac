package dev.flm.data.io;

import java.util.List;

/**
 * The column names FLM recognises when no column mapping is given (case-insensitive, RecBole {@code
 * :type} suffixes ignored), in order of preference. Shared by every reader, plug-ins included.
 */
public final class ColumnNames {
  private ColumnNames() {}

  public static final List<String> USER = List.of(DelimitedReader.USER_NAMES);
  public static final List<String> ITEM = List.of(DelimitedReader.ITEM_NAMES);
  public static final List<String> RATING = List.of(DelimitedReader.RATING_NAMES);
  public static final List<String> TIME = List.of(DelimitedReader.TIME_NAMES);
  public static final List<String> ITEM_ID = List.of(SideTables.ITEM_ID_NAMES);

  /** Index of the first of {@code names} among {@code columns}, or -1. */
  public static int find(List<String> columns, List<String> names) {
    return Fields.find(columns.toArray(new String[0]), names.toArray(new String[0]));
  }
}
