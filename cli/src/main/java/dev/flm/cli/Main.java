package dev.flm.cli;

import dev.flm.util.FlmVersion;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code flm} command: a thin layer over the Java API. Each subcommand is its own class, so a
 * module adds a command with one line in {@code subcommands} below; picocli builds only the
 * command's options, and the classes a command needs at run time (ONNX Runtime, PyTorch) load only
 * when that command runs.
 *
 * <p>Errors print one line ({@code flm: error: ...}) and exit with 1 (2 for usage errors); {@code
 * --verbose} adds the stack trace.
 */
@Command(
    name = "flm",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "FLM: recommendations on the JVM with pretrained language models.",
    subcommands = {
      DataCommand.class,
      TrainCommand.class,
      RecommendCommand.class,
      EvaluateCommand.class,
      TuneCommand.class,
      QuickstartCommand.class,
      ModelsCommand.class,
      EncodeCommand.class,
      SimilarItemsCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class Main implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private static volatile boolean verbose;
  private static volatile boolean quiet;

  @Option(
      names = "--verbose",
      description = "Print stack traces on errors.",
      scope = CommandLine.ScopeType.INHERIT)
  void setVerbose(boolean v) {
    verbose = v;
  }

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bars.",
      scope = CommandLine.ScopeType.INHERIT)
  void setQuiet(boolean v) {
    quiet = v;
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams and returns the exit code (used by tests). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    verbose = false;
    quiet = false;
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  /** The configured command tree. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(Main::onError);
    cl.setParameterExceptionHandler(Main::onUsageError);
    return cl;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** True when {@code --verbose} was given. */
  public static boolean verbose() {
    return verbose;
  }

  /** True when progress bars are off ({@code --quiet}). */
  public static boolean quiet() {
    return quiet;
  }

  private static int onError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    err.println("flm: error: " + Errors.oneLine(e));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  private static int onUsageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println(
        "flm: error: "
            + e.getMessage().strip()
            + " (see '"
            + cl.getCommandSpec().qualifiedName()
            + " --help')");
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return 2;
  }

  /** Version from the build. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "flm " + FlmVersion.get(),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")"
      };
    }
  }
}
