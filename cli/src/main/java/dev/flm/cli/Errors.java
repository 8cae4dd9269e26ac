package dev.flm.cli;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns an exception into the one line a user sees. */
final class Errors {
  private Errors() {}

  /**
   * The innermost meaningful exception's message, prefixed by the context that wrappers on the way
   * added of their own (e.g. {@code new UncheckedIOException("init-from DIR", cause)} gives
   * "init-from DIR: file not found: ..."); wrappers that only repeat their cause add nothing.
   */
  static String oneLine(Throwable e) {
    Throwable inner = innermost(e);
    StringBuilder context = new StringBuilder();
    for (Throwable t = e; t != inner; t = t.getCause()) {
      String own = t.getMessage();
      if (own != null && !own.isBlank() && !own.equals(String.valueOf(t.getCause()))) {
        String added = ownPart(own, inner);
        if (!added.isEmpty() && context.indexOf(added) < 0) {
          context.append(added).append(": ");
        }
      }
    }
    String msg = context + message(inner);
    return msg.replace('\n', ' ').replace('\r', ' ').strip();
  }

  private static boolean isWrapper(Throwable t) {
    return t.getCause() != null
        && (t instanceof UncheckedIOException
            || t instanceof InvocationTargetException
            || t instanceof java.util.concurrent.ExecutionException
            || t instanceof java.util.concurrent.CompletionException
            || (t instanceof RuntimeException
                && t.getClass() == RuntimeException.class
                && t.getMessage() != null
                && t.getMessage().equals(String.valueOf(t.getCause()))));
  }

  /**
   * What a wrapper's message adds to its innermost cause's: nothing when the cause's line already
   * says it, the rest when the wrapper ends with the cause's message (as in {@code "exporting: " +
   * e.getMessage()}), else all of it.
   */
  private static String ownPart(String own, Throwable inner) {
    if (message(inner).contains(own)) {
      return "";
    }
    String raw = inner.getMessage();
    String rest =
        raw == null || raw.isBlank() || !own.endsWith(raw)
            ? own
            : own.substring(0, own.length() - raw.length());
    return rest.replaceAll("^[\\s:;,-]+|[\\s:;,-]+$", "");
  }

  private static Throwable innermost(Throwable e) {
    Throwable t = e;
    while (isWrapper(t)) {
      t = t.getCause();
    }
    return t;
  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    if (t instanceof NoSuchFileException) {
      return "file not found: " + m;
    }
    if (t instanceof FileAlreadyExistsException) {
      return "already exists: " + m;
    }
    if (t instanceof AccessDeniedException) {
      return "permission denied: " + m;
    }
    if (t instanceof NotDirectoryException) {
      return "not a directory: " + m;
    }
    if (t instanceof FileNotFoundException) {
      return "file not found: " + m;
    }
    if (t instanceof OutOfMemoryError) {
      return "out of memory; give the JVM more heap, e.g. FLM_JAVA_OPTS=-Xmx8g ./flm ...";
    }
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    if (t instanceof IllegalArgumentException
        || t instanceof IllegalStateException
        || t instanceof UserException
        || t.getClass().getName().startsWith("dev.flm.")
        || t instanceof java.io.IOException) {
      return m;
    }
    return t.getClass().getSimpleName() + ": " + m;
  }
}
