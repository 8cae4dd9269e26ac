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

  static String oneLine(Throwable e) {
    Throwable t = unwrap(e);
    String msg = message(t);
    return msg.replace('\n', ' ').replace('\r', ' ').strip();
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof UncheckedIOException
            || t instanceof InvocationTargetException
            || t instanceof java.util.concurrent.ExecutionException
            || t instanceof java.util.concurrent.CompletionException
            || (t instanceof RuntimeException
                && t.getClass() == RuntimeException.class
                && t.getMessage() != null
                && t.getCause() != null
                && t.getMessage().equals(String.valueOf(t.getCause()))))
        && t.getCause() != null) {
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
