package dev.flm.parquet;

import dev.flm.data.DataFormatException;
import dev.flm.data.io.BadRows;
import dev.flm.data.io.ColumnNames;
import dev.flm.data.io.DatasetBuilder;
import dev.flm.data.io.FormatReader;
import dev.flm.data.io.LoadResult;
import dev.flm.data.io.ReadOptions;
import dev.flm.data.io.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Parquet files for {@link dev.flm.data.io.DataLoader}: one row per interaction, columns chosen by
 * the same mapping and default names as generic tables (ids may be strings or integers, ratings any
 * number, timestamps integers, timestamp logical types or strings); as an item file, one row per
 * item, strings becoming text fields, numbers numeric fields, booleans categorical fields. Nested
 * and repeated columns are left out (named in the report). Registered through {@code
 * META-INF/services/dev.flm.data.io.FormatReader}.
 */
public final class ParquetFormatReader implements FormatReader {

  @Override
  public String name() {
    return "parquet";
  }

  @Override
  public boolean canRead(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      return false;
    }
    if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
      return true;
    }
    if (Files.size(path) < 12) {
      return false;
    }
    try (var in = Files.newInputStream(path)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4
          && magic[0] == 'P'
          && magic[1] == 'A'
          && magic[2] == 'R'
          && magic[3] == '1';
    }
  }

  @Override
  public LoadResult read(Path path, ReadOptions o) throws IOException, DataFormatException {
    BadRows bad = BadRows.of(o);
    try (ParquetFileReader r = open(path)) {
      MessageType schema = r.getFooter().getFileMetaData().getSchema();
      List<String> cols = new ArrayList<>();
      for (Type t : schema.getFields()) {
        cols.add(t.getName());
      }
      int u = column(path, cols, o.userCol(), ColumnNames.USER, "user", true);
      int i = column(path, cols, o.itemCol(), ColumnNames.ITEM, "item", true);
      int rt = column(path, cols, o.ratingCol(), ColumnNames.RATING, "rating", false);
      int t = column(path, cols, o.timeCol(), ColumnNames.TIME, "timestamp", false);
      List<Integer> text = new ArrayList<>();
      for (String c : o.textCols()) {
        text.add(column(path, cols, c, List.of(), "text", true));
      }
      for (int c : new int[] {u, i}) {
        checkPrimitive(path, schema.getType(c));
      }
      DatasetBuilder b = new DatasetBuilder(rt >= 0, t >= 0);
      long row = 0;
      PageReadStore pages;
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
      while ((pages = r.readNextRowGroup()) != null) {
        RecordReader<Group> rr = io.getRecordReader(pages, new GroupRecordConverter(schema));
        for (long k = 0; k < pages.getRowCount(); k++) {
          row++;
          Group g;
          try {
            g = rr.read();
          } catch (ParquetDecodingException e) {
            throw new DataFormatException(path, row, null, "cannot decode row: " + e.getMessage());
          }
          try {
            String uid = id(path, row, g, schema, u);
            String iid = id(path, row, g, schema, i);
            float v = rt < 0 ? 1f : number(path, row, g, schema, rt);
            long ts = t < 0 ? 0L : time(path, row, g, schema, t);
            int item = b.item(iid);
            b.add(b.user(uid), item, v, ts);
            for (int c : text) {
              String s = scalar(g, schema, c);
              if (s != null && !s.isBlank()) {
                String prev = b.itemTextOf(cols.get(c), item);
                if (prev == null) {
                  b.itemText(cols.get(c), item, s.trim());
                } else if (!List.of(prev.split(" \\| ")).contains(s.trim())) {
                  b.itemText(cols.get(c), item, prev + " | " + s.trim());
                }
              }
            }
            bad.accepted();
          } catch (DataFormatException e) {
            bad.reject(e);
          }
        }
      }
      String name = path.getFileName().toString();
      int dot = name.indexOf('.');
      return new LoadResult(
          b.build(dot > 0 ? name.substring(0, dot) : name), bad.report("parquet"));
    }
  }

  @Override
  public void readItems(Path path, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    Set<String> left = new LinkedHashSet<>();
    try (ParquetFileReader r = open(path)) {
      MessageType schema = r.getFooter().getFileMetaData().getSchema();
      List<String> cols = new ArrayList<>();
      for (Type t : schema.getFields()) {
        cols.add(t.getName());
      }
      int idCol = ColumnNames.find(cols, ColumnNames.ITEM_ID);
      if (idCol < 0) {
        idCol = 0;
      }
      checkPrimitive(path, schema.getType(idCol));
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
      long row = 0;
      PageReadStore pages;
      while ((pages = r.readNextRowGroup()) != null) {
        RecordReader<Group> rr = io.getRecordReader(pages, new GroupRecordConverter(schema));
        for (long k = 0; k < pages.getRowCount(); k++) {
          row++;
          Group g = rr.read();
          try {
            int item = b.item(id(path, row, g, schema, idCol));
            for (int c = 0; c < cols.size(); c++) {
              if (c == idCol) {
                continue;
              }
              Type ty = schema.getType(c);
              if (!ty.isPrimitive() || ty.isRepetition(Type.Repetition.REPEATED)) {
                left.add(ty.getName());
                continue;
              }
              String name = ty.getName();
              boolean present = g.getFieldRepetitionCount(c) > 0;
              switch (kind(ty.asPrimitiveType())) {
                case NUMBER ->
                    b.itemNumber(name, item, present ? number(path, row, g, schema, c) : Float.NaN);
                case BOOLEAN ->
                    b.itemCategories(
                        name,
                        item,
                        present
                            ? new String[] {Boolean.toString(g.getBoolean(c, 0))}
                            : new String[0]);
                default -> {
                  String s = present ? scalar(g, schema, c) : null;
                  b.itemText(name, item, s == null || s.isBlank() ? null : s.trim());
                }
              }
            }
          } catch (DataFormatException e) {
            bad.reject(e);
          }
        }
      }
    }
    if (!left.isEmpty()) {
      bad.note(path.getFileName() + ": nested or repeated columns left out: " + left);
    }
  }

  private static ParquetFileReader open(Path path) throws IOException, DataFormatException {
    try {
      return ParquetFileReader.open(
          new LocalInputFile(path),
          ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
    } catch (RuntimeException e) {
      throw new DataFormatException(
          path, 0, null, "not a readable Parquet file: " + e.getMessage());
    }
  }

  private enum Kind {
    STRING,
    NUMBER,
    BOOLEAN
  }

  private static Kind kind(PrimitiveType p) {
    return switch (p.getPrimitiveTypeName()) {
      case INT32, INT64, FLOAT, DOUBLE -> Kind.NUMBER;
      case BOOLEAN -> Kind.BOOLEAN;
      default -> Kind.STRING;
    };
  }

  private static void checkPrimitive(Path path, Type t) throws DataFormatException {
    if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
      throw new DataFormatException(path, 0, t.getName(), "id column must be a single value");
    }
  }

  private static int column(
      Path path, List<String> cols, String spec, List<String> names, String role, boolean required)
      throws DataFormatException {
    if (spec != null && spec.isEmpty() && !required) {
      return -1;
    }
    int c = spec != null ? ColumnNames.find(cols, List.of(spec)) : ColumnNames.find(cols, names);
    if (c < 0 && (required || spec != null)) {
      throw new DataFormatException(
          path,
          0,
          spec != null ? spec : role,
          "missing " + role + " column (columns: " + String.join(", ", cols) + ")");
    }
    return c;
  }

  /** Text of a single-valued primitive column, or null when absent. */
  private static String scalar(Group g, MessageType schema, int c) {
    if (g.getFieldRepetitionCount(c) == 0) {
      return null;
    }
    Type t = schema.getType(c);
    if (!t.isPrimitive()) {
      return g.getGroup(c, 0).toString();
    }
    return switch (t.asPrimitiveType().getPrimitiveTypeName()) {
      case INT32 -> Integer.toString(g.getInteger(c, 0));
      case INT64 -> Long.toString(g.getLong(c, 0));
      case FLOAT -> Float.toString(g.getFloat(c, 0));
      case DOUBLE -> Double.toString(g.getDouble(c, 0));
      case BOOLEAN -> Boolean.toString(g.getBoolean(c, 0));
      default -> g.getString(c, 0);
    };
  }

  private static String id(Path path, long row, Group g, MessageType schema, int c)
      throws DataFormatException {
    String name = schema.getType(c).getName();
    String s = scalar(g, schema, c);
    if (s == null || s.isBlank()) {
      throw new DataFormatException(path, row, name, "empty id");
    }
    return s.trim();
  }

  private static float number(Path path, long row, Group g, MessageType schema, int c)
      throws DataFormatException {
    String name = schema.getType(c).getName();
    if (g.getFieldRepetitionCount(c) == 0) {
      throw new DataFormatException(path, row, name, "missing value");
    }
    PrimitiveType p = schema.getType(c).asPrimitiveType();
    float v =
        switch (p.getPrimitiveTypeName()) {
          case INT32 -> g.getInteger(c, 0);
          case INT64 -> g.getLong(c, 0);
          case FLOAT -> g.getFloat(c, 0);
          case DOUBLE -> (float) g.getDouble(c, 0);
          default -> {
            String s = g.getValueToString(c, 0);
            try {
              yield Float.parseFloat(s.trim());
            } catch (NumberFormatException e) {
              throw new DataFormatException(path, row, name, "not a number: '" + s + "'");
            }
          }
        };
    if (!Float.isFinite(v)) {
      throw new DataFormatException(path, row, name, "not a number: '" + v + "'");
    }
    return v;
  }

  private static long time(Path path, long row, Group g, MessageType schema, int c)
      throws DataFormatException {
    String name = schema.getType(c).getName();
    if (g.getFieldRepetitionCount(c) == 0) {
      throw new DataFormatException(path, row, name, "missing value");
    }
    PrimitiveType p = schema.getType(c).asPrimitiveType();
    LogicalTypeAnnotation lt = p.getLogicalTypeAnnotation();
    if (lt instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
        && p.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64) {
      long v = g.getLong(c, 0);
      return switch (ts.getUnit()) {
        case MILLIS -> Math.floorDiv(v, 1000L);
        case MICROS -> Math.floorDiv(v, 1_000_000L);
        case NANOS -> Math.floorDiv(v, 1_000_000_000L);
      };
    }
    if (lt instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return g.getInteger(c, 0) * 86_400L;
    }
    String s = scalar(g, schema, c);
    try {
      return Timestamps.parse(s);
    } catch (IllegalArgumentException e) {
      throw new DataFormatException(path, row, name, "bad timestamp: '" + s + "'");
    }
  }
}
