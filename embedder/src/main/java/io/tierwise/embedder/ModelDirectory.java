package io.tierwise.embedder;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A directory holding an exported encoder: {@value #MODEL_FILE} (taking {@code input_ids} and
 * {@code attention_mask}, returning per-token states) and {@value #TOKENIZER_FILE}.
 *
 * <p>Pooling and max length come, in this order, from an optional {@value #CONFIG_FILE} ({@code
 * {"pooling": "cls", "maxLength": 512}}), from sentence-transformers' {@code 1_Pooling/config.json}
 * and {@code sentence_bert_config.json} if the export kept them, else default to MEAN and {@value
 * #DEFAULT_MAX_LENGTH}.
 *
 * @param directory the folder; not checked until the model is opened
 */
public record ModelDirectory(Path directory) implements EmbeddingModelSource {

  public static final String MODEL_FILE = "model.onnx";
  public static final String TOKENIZER_FILE = "tokenizer.json";
  public static final String CONFIG_FILE = "tierwise-embedder.json";

  /** Short enough to keep latency low, long enough for typical prompts; override per directory. */
  public static final int DEFAULT_MAX_LENGTH = 256;

  public ModelDirectory {
    Objects.requireNonNull(directory, "directory");
  }

  @Override
  public String location() {
    return directory.toAbsolutePath().normalize().toString();
  }
}
