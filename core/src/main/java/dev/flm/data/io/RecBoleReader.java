package dev.flm.data.io;

import dev.flm.data.DataFormatException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RecBole atomic files: a folder (or a {@code .inter} file) with {@code NAME.inter}, optional
 * {@code NAME.item} and {@code NAME.user}; tab-separated with typed headers such as {@code
 * user_id:token item_id:token rating:float timestamp:float}. Side columns are typed as in {@link
 * SideTables}.
 */
public final class RecBoleReader {
  private RecBoleReader() {}

  /** The .inter file of a folder or the file itself, or null. */
  public static Path interFile(Path path) throws IOException {
    if (Files.isRegularFile(path)) {
      return Fields.name(path).endsWith(".inter") ? path : null;
    }
    if (!Files.isDirectory(path)) {
      return null;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(path, "*.inter")) {
      for (Path p : ds) {
        return p;
      }
    }
    return null;
  }

  public static LoadResult read(Path path, ReadOptions o) throws IOException, DataFormatException {
    Path inter = interFile(path);
    if (inter == null) {
      throw new DataFormatException(path, 0, null, "no RecBole .inter file here");
    }
    String base = inter.getFileName().toString();
    base = base.substring(0, base.length() - ".inter".length());
    Path dir = inter.toAbsolutePath().getParent();
    BadRows bad = BadRows.of(o);
    Path item = dir.resolve(base + ".item");
    Path user = dir.resolve(base + ".user");
    ReadOptions io = o.delimiter() == null ? o.withDelimiter("\t") : o;
    String[] header;
    try (TableReader r = TableReader.open(inter, io.delimiter(), true)) {
      header = MovieLensReader.header(r);
    }
    boolean hasRating =
        io.ratingCol() != null
            ? !io.ratingCol().isEmpty()
            : Fields.find(header, DelimitedReader.RATING_NAMES) >= 0;
    boolean hasTime =
        io.timeCol() != null
            ? !io.timeCol().isEmpty()
            : Fields.find(header, DelimitedReader.TIME_NAMES) >= 0;
    DatasetBuilder b = new DatasetBuilder(hasRating, hasTime);
    if (Files.isRegularFile(item)) {
      SideTables.readItems(item, io.delimiter(), b, bad);
    }
    if (Files.isRegularFile(user)) {
      SideTables.readUsers(user, io.delimiter(), b, bad);
    }
    DelimitedReader.readInto(inter, io, b, bad);
    return new LoadResult(b.build(base), bad.report("recbole"));
  }
}
