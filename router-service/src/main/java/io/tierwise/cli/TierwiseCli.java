package io.tierwise.cli;

import io.tierwise.data.LabelledDataException;
import io.tierwise.embedder.EmbeddingModelException;
import io.tierwise.knn.KnnMemoryException;
import io.tierwise.tier.TierConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tierwise} command line. Failures print one clear line to stderr and exit with an
 * {@link ExitCode}; stack traces only with {@code TIERWISE_DEBUG=1}.
 */
@Command(
    name = "tierwise",
    description =
        "A learned LLM router: picks the cheapest model tier that will still answer a prompt well.",
    mixinStandardHelpOptions = true,
    version = "tierwise 0.1.0",
    subcommands = {
      ServeCommand.class,
      RouteCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      RetrainCommand.class
    })
public final class TierwiseCli {

  private TierwiseCli() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String... args) {
    return run(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        args);
  }

  /**
   * Runs the command line with the given output streams: results to {@code out}, progress and
   * errors to {@code err}.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new TierwiseCli());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          ExitCode code = classify(exception);
          cmd.getErr().println("tierwise " + cmd.getCommandName() + ": " + describe(exception));
          if ("1".equals(System.getenv("TIERWISE_DEBUG"))) {
            exception.printStackTrace(cmd.getErr());
          }
          return code.code();
        });
    return commandLine.execute(args);
  }

  private static ExitCode classify(Exception exception) {
    return switch (exception) {
      case LabelledDataException e -> ExitCode.BAD_INPUT;
      case EmbeddingModelException e -> ExitCode.BAD_INPUT;
      case KnnMemoryException e -> ExitCode.BAD_INPUT;
      case TierConfigException e -> ExitCode.BAD_INPUT;
      case io.tierwise.gateway.GatewayConfigException e -> ExitCode.BAD_INPUT;
      case io.tierwise.artifact.RouterArtifactException e -> ExitCode.BAD_INPUT;
      case io.tierwise.local.LocalModelException e -> ExitCode.BAD_INPUT;
      case io.tierwise.retraining.RetrainingException e -> ExitCode.BAD_INPUT;
      case IllegalArgumentException e -> ExitCode.BAD_INPUT;
      case IOException e -> ExitCode.BAD_INPUT;
      case UncheckedIOException e -> ExitCode.BAD_INPUT;
      default -> ExitCode.FAILURE;
    };
  }

  private static String describe(Throwable exception) {
    String message = exception.getMessage();
    return message == null || message.isBlank() ? exception.getClass().getSimpleName() : message;
  }
}
