package dev.flm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code flm recommend} (being written). */
@Command(name = "recommend", mixinStandardHelpOptions = true, description = "Not available yet.")
final class RecommendCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("flm recommend is not available in this build yet");
  }
}
