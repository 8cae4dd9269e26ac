package dev.flm.data;

import java.nio.file.Path;

/**
 * Bad input: names the file, the 1-based line (0 when not line-based) and the field, so one line of
 * message tells the user what to fix.
 */
public class DataFormatException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final long line;
  private final String field;

  public DataFormatException(String file, long line, String field, String problem) {
    super(format(file, line, field, problem));
    this.file = file;
    this.line = line;
    this.field = field;
  }

  public DataFormatException(Path file, long line, String field, String problem) {
    this(String.valueOf(file), line, field, problem);
  }

  private static String format(String file, long line, String field, String problem) {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
    }
    if (field != null) {
      sb.append(" field '").append(field).append('\'');
    }
    return sb.append(": ").append(problem).toString();
  }

  public String file() {
    return file;
  }

  public long line() {
    return line;
  }

  public String field() {
    return field;
  }
}
