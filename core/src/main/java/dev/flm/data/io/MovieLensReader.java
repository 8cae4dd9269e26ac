package dev.flm.data.io;

import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MovieLens in its three layouts. Every rating is one interaction with its timestamp; the item
 * catalogue is every movie of the movie file (rated or not); items get {@code title} (as in the
 * file, year included), {@code genres} (categorical), {@code year} (numeric, parsed from the title)
 * and, where the data has tags, {@code tags}: every distinct tag of the movie in first-seen order
 * joined by ", ".
 *
 * <ul>
 *   <li>ml-latest, ml-latest-small, ml-20m, ml-25m, ml-32m: {@code ratings.csv}, {@code
 *       movies.csv}, optional {@code tags.csv};
 *   <li>ml-1m, ml-10m: {@code ratings.dat}, {@code movies.dat}, optional {@code users.dat}, {@code
 *       tags.dat}, "::"-separated;
 *   <li>ml-100k: {@code u.data} (tab-separated), {@code u.item} ('|', ISO-8859-1 in the original
 *       release, read as UTF-8 with a Latin-1 fallback), optional {@code u.user}.
 * </ul>
 */
public final class MovieLensReader {
  private MovieLensReader() {}

  private static final Pattern YEAR = Pattern.compile("\\((\\d{4})(?:[-\u2013]\\d{0,4})?\\)\\s*$");

  /** True when {@code dir} holds one of the MovieLens layouts. */
  public static boolean looksLike(Path dir) {
    return Files.isRegularFile(dir.resolve("ratings.csv"))
        || Files.isRegularFile(dir.resolve("ratings.dat"))
        || Files.isRegularFile(dir.resolve("u.data"));
  }

  /** Reads whichever layout {@code dir} holds. */
  public static Dataset read(Path dir, BadRows bad) throws IOException, DataFormatException {
    if (Files.isRegularFile(dir.resolve("ratings.csv"))) {
      return readLatest(dir, bad);
    }
    if (Files.isRegularFile(dir.resolve("ratings.dat"))) {
      return readDat(dir, bad);
    }
    if (Files.isRegularFile(dir.resolve("u.data"))) {
      return read100k(dir, bad);
    }
    throw new DataFormatException(
        dir, 0, null, "not a MovieLens folder (no ratings.csv, ratings.dat or u.data)");
  }

  /** ml-latest / ml-25m CSV layout. */
  public static Dataset readLatest(Path dir, BadRows bad) throws IOException, DataFormatException {
    DatasetBuilder b = new DatasetBuilder(true, true);
    Path movies = dir.resolve("movies.csv");
    if (Files.isRegularFile(movies)) {
      readMoviesCsv(movies, b, bad);
    } else {
      bad.note("no movies.csv: catalogue is the rated movies, without text");
    }
    Path ratings = dir.resolve("ratings.csv");
    String[] names;
    try (TableReader r = TableReader.open(ratings, ",", true)) {
      String[] h = header(r);
      int u = Fields.require(h, ratings, r.line(), "userId", "user_id", "user");
      int i = Fields.require(h, ratings, r.line(), "movieId", "movie_id", "item");
      int rt = Fields.require(h, ratings, r.line(), "rating");
      Fields.require(h, ratings, r.line(), "timestamp");
      names = new String[] {h[u], h[i], h[rt]};
    }
    ReadOptions o =
        ReadOptions.defaults()
            .withDelimiter(",")
            .withColumns(names[0], names[1], names[2], "timestamp")
            .withSkipBadRows(bad.skipping());
    DelimitedReader.readInto(ratings, o, b, bad);
    Path tags = dir.resolve("tags.csv");
    if (Files.isRegularFile(tags)) {
      readTags(tags, ",", true, b, bad);
    }
    return b.build(dir.getFileName() == null ? "movielens" : dir.getFileName().toString());
  }

  /** ml-1m / ml-10m "::" layout. */
  public static Dataset readDat(Path dir, BadRows bad) throws IOException, DataFormatException {
    DatasetBuilder b = new DatasetBuilder(true, true);
    Path movies = dir.resolve("movies.dat");
    if (Files.isRegularFile(movies)) {
      readMoviesDat(movies, b, bad);
    }
    Path users = dir.resolve("users.dat");
    if (Files.isRegularFile(users)) {
      readUsersDat(users, b, bad);
    }
    Path ratings = dir.resolve("ratings.dat");
    DelimitedReader.readInto(ratings, headerless("::", bad), b, bad);
    Path tags = dir.resolve("tags.dat");
    if (Files.isRegularFile(tags)) {
      readTags(tags, "::", false, b, bad);
    }
    return b.build(dir.getFileName() == null ? "movielens" : dir.getFileName().toString());
  }

  /** Reads a MovieLens movie file (movies.csv, movies.dat or u.item) into the builder. */
  static void readItemFile(Path file, String name, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    String n = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    switch (n) {
      case "movies.csv" -> readMoviesCsv(file, b, bad);
      case "movies.dat" -> readMoviesDat(file, b, bad);
      default -> readUItem(file, b, bad);
    }
  }

  private static void readMoviesDat(Path movies, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    try (TableReader r = TableReader.open(movies, "::", false).latin1Fallback()) {
      String[] row;
      while ((row = next(r, bad)) != null) {
        try {
          Fields.checkCount(row, 3, movies, r.line());
          int item = b.item(Fields.id(row[0], movies, r.line(), "movieId"));
          movie(b, item, row[1], row[2]);
        } catch (DataFormatException e) {
          bad.reject(e);
        }
      }
    }
  }

  private static void readUsersDat(Path users, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    try (TableReader r = TableReader.open(users, "::", false)) {
      String[] row;
      while ((row = next(r, bad)) != null) {
        try {
          Fields.checkCount(row, 5, users, r.line());
          int user = b.user(Fields.id(row[0], users, r.line(), "userId"));
          b.userCategories("gender", user, new String[] {row[1].trim()});
          b.userNumber("age", user, Fields.rating(row[2], users, r.line(), "age"));
          b.userCategories("occupation", user, new String[] {row[3].trim()});
          b.userCategories("zip", user, new String[] {row[4].trim()});
        } catch (DataFormatException e) {
          bad.reject(e);
        }
      }
    }
  }

  private static final String[] ML100K_GENRES = {
    "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
    "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
    "Thriller", "War", "Western"
  };

  /** ml-100k layout. */
  public static Dataset read100k(Path dir, BadRows bad) throws IOException, DataFormatException {
    DatasetBuilder b = new DatasetBuilder(true, true);
    Path items = dir.resolve("u.item");
    if (Files.isRegularFile(items)) {
      readUItem(items, b, bad);
    }
    Path users = dir.resolve("u.user");
    if (Files.isRegularFile(users)) {
      readUUser(users, b, bad);
    }
    Path data = dir.resolve("u.data");
    DelimitedReader.readInto(data, headerless("\t", bad), b, bad);
    return b.build(dir.getFileName() == null ? "movielens" : dir.getFileName().toString());
  }

  private static void readUItem(Path items, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    try (TableReader r = TableReader.open(items, "|", false).latin1Fallback()) {
      String[] row;
      while ((row = next(r, bad)) != null) {
        try {
          Fields.checkCount(row, 5 + ML100K_GENRES.length, items, r.line());
          int item = b.item(Fields.id(row[0], items, r.line(), "movie id"));
          b.itemText("title", item, row[1].trim());
          List<String> g = new ArrayList<>();
          for (int k = 0; k < ML100K_GENRES.length; k++) {
            String flag = row[5 + k].trim();
            if (flag.equals("1")) {
              g.add(ML100K_GENRES[k]);
            } else if (!flag.equals("0")) {
              throw new DataFormatException(
                  items, r.line(), ML100K_GENRES[k], "genre flag must be 0 or 1: '" + flag + "'");
            }
          }
          b.itemCategories("genres", item, g.toArray(new String[0]));
          Matcher m = YEAR.matcher(row[1]);
          if (m.find()) {
            b.itemNumber("year", item, Integer.parseInt(m.group(1)));
          } else if (row[2].trim().length() >= 4) {
            String d = row[2].trim();
            try {
              b.itemNumber("year", item, Integer.parseInt(d.substring(d.length() - 4)));
            } catch (NumberFormatException e) {
              throw new DataFormatException(
                  items, r.line(), "release date", "bad date: '" + d + "'");
            }
          }
        } catch (DataFormatException e) {
          bad.reject(e);
        }
      }
    }
  }

  private static void readUUser(Path users, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    try (TableReader r = TableReader.open(users, "|", false)) {
      String[] row;
      while ((row = next(r, bad)) != null) {
        try {
          Fields.checkCount(row, 5, users, r.line());
          int user = b.user(Fields.id(row[0], users, r.line(), "user id"));
          b.userNumber("age", user, Fields.rating(row[1], users, r.line(), "age"));
          b.userCategories("gender", user, new String[] {row[2].trim()});
          b.userCategories("occupation", user, new String[] {row[3].trim()});
          b.userCategories("zip", user, new String[] {row[4].trim()});
        } catch (DataFormatException e) {
          bad.reject(e);
        }
      }
    }
  }

  private static void readMoviesCsv(Path movies, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    try (TableReader r = TableReader.open(movies, ",", true)) {
      String[] h = header(r);
      int id = Fields.require(h, movies, r.line(), "movieId", "movie_id", "item");
      int title = Fields.require(h, movies, r.line(), "title");
      int genres = Fields.find(h, "genres");
      String[] row;
      while ((row = next(r, bad)) != null) {
        try {
          Fields.checkCount(row, h.length, movies, r.line());
          int item = b.item(Fields.id(row[id], movies, r.line(), h[id]));
          movie(b, item, row[title], genres < 0 ? null : row[genres]);
        } catch (DataFormatException e) {
          bad.reject(e);
        }
      }
    }
  }

  private static void movie(DatasetBuilder b, int item, String title, String genres) {
    String t = title.trim();
    b.itemText("title", item, t);
    if (genres != null) {
      String g = genres.trim();
      String[] gs =
          g.isEmpty() || g.equals("(no genres listed)") ? new String[0] : g.split("\\|", -1);
      b.itemCategories("genres", item, gs);
    }
    Matcher m = YEAR.matcher(t);
    b.itemNumber("year", item, m.find() ? Integer.parseInt(m.group(1)) : Float.NaN);
  }

  private static void readTags(
      Path tags, String delimiter, boolean withHeader, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    Map<Integer, Set<String>> perItem = new LinkedHashMap<>();
    try (TableReader r = TableReader.open(tags, delimiter, true)) {
      int u = 0;
      int i = 1;
      int tag = 2;
      int fields = 4;
      if (withHeader) {
        String[] h = header(r);
        u = Fields.require(h, tags, r.line(), "userId", "user_id");
        i = Fields.require(h, tags, r.line(), "movieId", "movie_id", "item");
        tag = Fields.require(h, tags, r.line(), "tag");
        fields = h.length;
      }
      String[] row;
      while ((row = next(r, bad)) != null) {
        try {
          Fields.checkCount(row, fields, tags, r.line());
          Fields.id(row[u], tags, r.line(), "userId");
          int item = b.item(Fields.id(row[i], tags, r.line(), "movieId"));
          String t = row[tag].trim();
          if (!t.isEmpty()) {
            perItem.computeIfAbsent(item, k -> new LinkedHashSet<>()).add(t);
          }
        } catch (DataFormatException e) {
          bad.reject(e);
        }
      }
    }
    for (Map.Entry<Integer, Set<String>> e : perItem.entrySet()) {
      b.itemText("tags", e.getKey(), String.join(", ", e.getValue()));
    }
  }

  /** Options for a header-less user, item, rating, timestamp table. */
  private static ReadOptions headerless(String delimiter, BadRows bad) {
    return ReadOptions.defaults()
        .withHeader(false)
        .withDelimiter(delimiter)
        .withColumns("0", "1", "2", "3")
        .withSkipBadRows(bad.skipping());
  }

  static String[] header(TableReader r) throws IOException, DataFormatException {
    String[] h = r.next();
    if (h == null) {
      throw new DataFormatException(r.file(), 0, null, "empty file (expected a header line)");
    }
    return h;
  }

  /** Next row, passing undecodable lines to {@code bad}. */
  static String[] next(TableReader r, BadRows bad) throws IOException, DataFormatException {
    while (true) {
      try {
        return r.next();
      } catch (DataFormatException e) {
        bad.reject(e);
      }
    }
  }
}
