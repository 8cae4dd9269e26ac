package dev.flm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code flm evaluate} (being written). */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Not available yet.")
final class EvaluateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("flm evaluate is not available in this build yet");
  }
}
