package dev.flm.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the fix of issue 6's non-finite gradients: DJL's {@code mul}/{@code div} by a Java number
 * keep a constant in a Java buffer that the garbage collector may free before the backward pass
 * (see {@link Scalars}). Training code must use {@link Scalars} instead; only code that never runs
 * under a gradient collector is exempt.
 */
class NoScalarOperandsInGraphTest {
  /** {@code .mul(2f)}, {@code .div((float) x)}, {@code .mul(1 - BETA)} and the like. */
  private static final Pattern NUMBER_OPERAND =
      Pattern.compile("\\.(mul|div)\\(\\s*(\\((float|double|int|long)\\)|[0-9]|-\\s*[0-9])");

  /** Optimizer updates run after the backward pass, with gradients off. */
  private static final Set<String> EXEMPT = Set.of("AdamW.java", "Scalars.java");

  @Test
  void trainingCodeMultipliesAndDividesByConstantsOnlyThroughScalars() throws IOException {
    Path src = Path.of("src/main/java/dev/flm/train");
    assertThat(src).isDirectory();
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (EXEMPT.contains(f.getFileName().toString())) {
          continue;
        }
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
          if (NUMBER_OPERAND.matcher(lines.get(i)).find()) {
            offenders.add(f.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    }
    assertThat(offenders).as("use Scalars.mul/div for constants in the autograd graph").isEmpty();
  }
}
