package dev.flm.data.io;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses the timestamp forms found in recommendation data into seconds since the epoch (UTC):
 * integer seconds, integer milliseconds (values above 10^11, i.e. after 5138 in seconds), decimal
 * seconds, ISO-8601 date, date-time or offset date-time ("2019-11-15T08:55:22Z", "2019-11-15
 * 08:55:22"), and MIND's "11/15/2019 8:55:22 AM".
 */
public final class Timestamps {
  private Timestamps() {}

  private static final long MILLIS_THRESHOLD = 100_000_000_000L;
  private static final DateTimeFormatter US =
      DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.ROOT);
  private static final DateTimeFormatter SPACE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss][.SSS]", Locale.ROOT);

  /**
   * Seconds since the epoch.
   *
   * @throws IllegalArgumentException naming the value when it is not a timestamp
   */
  public static long parse(String s) {
    String v = s.trim();
    if (v.isEmpty()) {
      throw new IllegalArgumentException("empty timestamp");
    }
    long asLong = parseLongOrMin(v);
    if (asLong != Long.MIN_VALUE) {
      return asLong > MILLIS_THRESHOLD || asLong < -MILLIS_THRESHOLD ? asLong / 1000 : asLong;
    }
    char c0 = v.charAt(0);
    if ((c0 >= '0' && c0 <= '9') || c0 == '-') {
      if (v.indexOf('-', 1) < 0 && v.indexOf('/') < 0 && v.indexOf(':') < 0) {
        try {
          double d = Double.parseDouble(v);
          if (Double.isFinite(d)) {
            return d > MILLIS_THRESHOLD ? (long) (d / 1000) : (long) Math.floor(d);
          }
        } catch (NumberFormatException e) {
          throw bad(s);
        }
      }
    }
    try {
      if (v.indexOf('/') > 0) {
        return LocalDateTime.parse(v.toUpperCase(Locale.ROOT), US).toEpochSecond(ZoneOffset.UTC);
      }
      if (v.length() == 10) {
        return LocalDate.parse(v).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
      }
      if (v.indexOf('T') > 0) {
        if (v.endsWith("Z") || v.lastIndexOf('+') > 0 || v.lastIndexOf('-') > 9) {
          return OffsetDateTime.parse(v).toEpochSecond();
        }
        return LocalDateTime.parse(v).toEpochSecond(ZoneOffset.UTC);
      }
      return LocalDateTime.parse(v, SPACE).toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw bad(s);
    }
  }

  private static IllegalArgumentException bad(String s) {
    return new IllegalArgumentException("not a timestamp: '" + s + "'");
  }

  /** Decimal integer value, or {@code Long.MIN_VALUE} when {@code s} is not one. */
  static long parseLongOrMin(String s) {
    int n = s.length();
    if (n == 0 || n > 18) {
      return Long.MIN_VALUE;
    }
    int i = 0;
    boolean neg = false;
    if (s.charAt(0) == '-') {
      neg = true;
      i = 1;
      if (n == 1) {
        return Long.MIN_VALUE;
      }
    }
    long v = 0;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return Long.MIN_VALUE;
      }
      v = v * 10 + (c - '0');
    }
    return neg ? -v : v;
  }
}
