package dev.flm.util;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs chart drawing that a minimal Java runtime may be unable to run: AWT needs the {@code
 * java.desktop} module and fonts, which jlink images and distroless containers may lack. A picture
 * is never worth a trained model or an evaluation, so failures become a reason, not an exception.
 * Keep the drawing code in a class of its own, so that AWT classes load only inside {@code draw}.
 */
public final class Drawing {
  private Drawing() {}

  /**
   * The result of {@code draw}; empty, after {@code whyNot} got the cause (e.g. {@code
   * "java.lang.NoClassDefFoundError: java/awt/Shape; drawing needs the java.desktop module and
   * fonts"}), when it failed. Out-of-memory and stack overflow still propagate.
   */
  public static <T> Optional<T> attempt(Supplier<T> draw, Consumer<String> whyNot) {
    try {
      return Optional.of(draw.get());
    } catch (OutOfMemoryError | StackOverflowError e) {
      throw e;
    } catch (RuntimeException | Error e) {
      // NoClassDefFoundError without java.desktop; AWTError, InternalError without fonts.
      whyNot.accept(e + "; drawing needs the java.desktop module and fonts");
      return Optional.empty();
    }
  }
}
