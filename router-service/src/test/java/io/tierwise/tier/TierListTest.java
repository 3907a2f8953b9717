package io.tierwise.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TierListTest {

  @TempDir Path dir;

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("tiers.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void readsTiersInOrder() throws Exception {
    List<Tier> tiers =
        TierList.load(
            write(
                """
                tiers:
                  - name: small
                    model: mistral-7b-instruct
                    price: {input: 0.2, output: 0.2}
                    kind: local
                  - name: large
                    model: gpt-4-1106-preview
                    price: {input: 10, output: 30}
                """));
    assertEquals(
        List.of(
            new Tier("small", "mistral-7b-instruct", 0.2, 0.2, TierKind.LOCAL),
            new Tier("large", "gpt-4-1106-preview", 10, 30, TierKind.REMOTE)),
        tiers);
    assertEquals(0.00004, tiers.get(1).priceUsd(1, 1), 1e-12);
  }

  @Test
  void namesTheKeyOfEveryProblem() throws Exception {
    assertProblem(
        "tiers[1].price.input: must be >= 0, got -1.0",
        """
        tiers:
          - {name: a, model: m1, price: {input: 1, output: 1}}
          - {name: b, model: m2, price: {input: -1, output: 1}}
        """);
    assertProblem(
        "tiers[0].model: missing or empty",
        """
        tiers:
          - {name: a, price: {input: 1, output: 1}}
          - {name: b, model: m2, price: {input: 1, output: 1}}
        """);
    assertProblem(
        "tiers[1].name: duplicate tier name 'a'",
        """
        tiers:
          - {name: a, model: m1, price: {input: 1, output: 1}}
          - {name: a, model: m2, price: {input: 1, output: 1}}
        """);
    assertProblem(
        "tiers: at least two tiers are required, got 1",
        """
        tiers:
          - {name: a, model: m1, price: {input: 1, output: 1}}
        """);
    assertProblem(
        "tiers[0].price.output: not a number: 'cheap'",
        """
        tiers:
          - {name: a, model: m1, price: {input: 1, output: cheap}}
          - {name: b, model: m2, price: {input: 1, output: 1}}
        """);
    assertProblem(
        "tiers[1].kind: must be local or remote, got 'cloud'",
        """
        tiers:
          - {name: a, model: m1, price: {input: 1, output: 1}}
          - {name: b, model: m2, price: {input: 1, output: 1}, kind: cloud}
        """);
  }

  private void assertProblem(String expected, String yaml) throws Exception {
    TierConfigException error =
        assertThrows(TierConfigException.class, () -> TierList.load(write(yaml)));
    assertEquals(expected, error.getMessage());
  }
}
