package io.tierwise.cli;

import io.tierwise.routing.Target;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code quality=0.98} (share of the top tier's quality) or {@code budget=0.50} (USD per
 * 1,000 requests).
 */
final class TargetOption implements ITypeConverter<Target> {

  @Override
  public Target convert(String value) {
    String[] parts = value.split("=", 2);
    if (parts.length != 2) {
      throw new TypeConversionException(
          "expected quality=FRACTION or budget=USD_PER_1K, got '" + value + "'");
    }
    double number;
    try {
      number = Double.parseDouble(parts[1].trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("not a number in '" + value + "'");
    }
    try {
      return switch (parts[0].trim()) {
        case "quality" -> new Target.Quality(number);
        case "budget" -> new Target.CostBudget(number);
        default ->
            throw new TypeConversionException(
                "unknown target '" + parts[0] + "'; use quality= or budget=");
      };
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
