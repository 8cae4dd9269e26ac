package dev.flm.text;

/** Makes Java strings safe for the native tokenizer. */
final class TextCleaner {
  private TextCleaner() {}

  /**
   * {@code s} with unpaired UTF-16 surrogates and NUL characters replaced by U+FFFD; the same
   * instance when nothing needed replacing.
   */
  static String repair(String s) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c == 0 || Character.isSurrogate(c)) {
        break;
      }
      i++;
    }
    if (i == n) {
      return s;
    }
    StringBuilder sb = new StringBuilder(n);
    sb.append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (c == 0 || Character.isSurrogate(c)) {
        sb.append('\uFFFD');
      } else {
        sb.append(c);
      }
    }
    String r = sb.toString();
    return r.equals(s) ? s : r;
  }
}
