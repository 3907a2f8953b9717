package io.tierwise.cli;

import io.tierwise.config.ConfigException;
import io.tierwise.config.TierwiseSettings;
import io.tierwise.serve.ServingStack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tierwise serve}: the routing-decision API and the OpenAI-compatible gateway on one HTTP
 * listener, configured by {@code application.yaml} (bundled, or {@code --config}) with environment
 * overrides. Runs until the process is stopped (SIGINT/SIGTERM close it cleanly).
 */
@Command(
    name = "serve",
    description =
        "Serve the routing API and the OpenAI-compatible gateway (default: bundled"
            + " application.yaml, shipped router models/default, http://127.0.0.1:8080).",
    mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Configuration file (default: the bundled application.yaml).")
  Path config;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    TierwiseSettings settings;
    try {
      settings =
          config == null
              ? TierwiseSettings.loadBundled(System.getenv())
              : TierwiseSettings.load(config, System.getenv());
    } catch (ConfigException e) {
      err.println("tierwise serve: " + e.getMessage());
      err.flush();
      return ConfigException.EXIT_CODE;
    }
    ServingStack stack = ServingStack.start(settings, CommandEnvironment.home());
    Thread hook = Thread.ofPlatform().name("tierwise-shutdown").unstarted(stack::close);
    Runtime.getRuntime().addShutdownHook(hook);
    err.println(
        "tierwise serve: listening on "
            + stack.uri()
            + " (router loading in the background; GET /health/ready says when it is ready)");
    err.flush();
    stack.awaitClose();
    return ExitCode.OK.code();
  }
}
