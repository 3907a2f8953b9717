package io.tierwise.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tierwise.routing.LearnedRouter;
import io.tierwise.routing.RoutingDecision;
import io.tierwise.routing.RoutingRequest;
import io.tierwise.routing.Target;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tierwise route}: one prompt in, the routing decision out as JSON. */
@Command(
    name = "route",
    description = "Route one prompt and print the decision as JSON.",
    mixinStandardHelpOptions = true)
final class RouteCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PROMPT", description = "The prompt to route.")
  String prompt;

  @Option(
      names = "--router",
      paramLabel = "DIR",
      description = "Router artifact directory (default: models/default).")
  Path router;

  @Option(
      names = "--target",
      converter = TargetOption.class,
      paramLabel = "quality=F|budget=USD",
      description = "Operating target for this prompt.")
  Target target;

  @Option(
      names = "--allowed-tiers",
      split = ",",
      paramLabel = "TIER",
      description = "Tiers the decision may pick.")
  List<String> allowedTiers = List.of();

  @Option(
      names = "--max-tier",
      paramLabel = "TIER",
      description = "Most expensive tier the decision may pick.")
  String maxTier;

  @Override
  public Integer call() throws Exception {
    if (prompt.isBlank()) {
      throw new IllegalArgumentException("prompt must not be empty");
    }
    Path directory = router != null ? router : CommandEnvironment.defaultRouter();
    Set<String> allowed = new LinkedHashSet<>(allowedTiers);
    try (LearnedRouter learned = LearnedRouter.open(directory)) {
      RoutingDecision decision =
          learned.route(
              new RoutingRequest(
                  prompt, Optional.ofNullable(target), allowed, Optional.ofNullable(maxTier)));
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(decision));
      out.flush();
    }
    return ExitCode.OK.code();
  }
}
