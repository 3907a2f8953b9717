package io.tierwise.cli;

import io.tierwise.data.LabelledDataset;
import io.tierwise.data.LabelledPrompt;
import io.tierwise.data.Outcome;
import io.tierwise.tier.Tier;
import io.tierwise.tier.TierKind;
import io.tierwise.tier.TierList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the {@code --tiers} option into tiers: a YAML tier file, a comma-separated list of models,
 * or (when absent) every model labelled throughout the data. Models given without prices are priced
 * by the USD costs the data records, so the data must record them; tiers are ordered by mean
 * observed cost, cheapest first.
 */
final class TierSelection {

  /** A model becomes a default tier when it is labelled on at least this share of the prompts. */
  static final double MIN_LABELLED_SHARE = 0.9;

  private TierSelection() {}

  static List<Tier> resolve(String option, LabelledDataset data) {
    if (option != null && !option.isBlank() && Files.isRegularFile(Path.of(option))) {
      return TierList.load(Path.of(option));
    }
    List<String> models = new ArrayList<>();
    if (option == null || option.isBlank()) {
      Map<String, Integer> labelled = new HashMap<>();
      for (LabelledPrompt prompt : data.prompts()) {
        prompt.outcomes().keySet().forEach(model -> labelled.merge(model, 1, Integer::sum));
      }
      labelled.forEach(
          (model, count) -> {
            if (count >= MIN_LABELLED_SHARE * data.size()) {
              models.add(model);
            }
          });
    } else {
      for (String model : option.split(",")) {
        if (!model.isBlank()) {
          models.add(model.trim());
        }
      }
    }
    Set<String> unique = new LinkedHashSet<>(models);
    if (unique.size() < 2) {
      throw new IllegalArgumentException(
          "at least two tiers are needed, got "
              + unique
              + "; pass --tiers MODEL,MODEL,... or a tier YAML file");
    }
    Map<String, Double> meanCost = new HashMap<>();
    for (String model : unique) {
      meanCost.put(model, meanRecordedCost(model, data));
    }
    List<Tier> tiers = new ArrayList<>();
    for (String model : unique) {
      tiers.add(new Tier(model, model, 0.0, 0.0, TierKind.REMOTE));
    }
    tiers.sort(Comparator.comparingDouble(tier -> meanCost.get(tier.model())));
    return List.copyOf(tiers);
  }

  private static double meanRecordedCost(String model, LabelledDataset data) {
    double sum = 0;
    int count = 0;
    int labelled = 0;
    for (LabelledPrompt prompt : data.prompts()) {
      Outcome outcome = prompt.outcome(model);
      if (outcome == null) {
        continue;
      }
      labelled++;
      if (outcome.hasCost()) {
        sum += outcome.costUsd();
        count++;
      }
    }
    if (labelled == 0) {
      throw new IllegalArgumentException(
          "model '" + model + "' is not labelled in the data; known models: " + data.models());
    }
    if (count < labelled) {
      throw new IllegalArgumentException(
          "model '"
              + model
              + "' has outcomes without a recorded USD cost; give tier prices in a tier YAML file (--tiers FILE)");
    }
    return sum / count;
  }
}
