package dev.flm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code flm quickstart} (being written). */
@Command(name = "quickstart", mixinStandardHelpOptions = true, description = "Not available yet.")
final class QuickstartCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("flm quickstart is not available in this build yet");
  }
}
