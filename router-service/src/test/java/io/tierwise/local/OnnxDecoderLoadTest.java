package io.tierwise.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, closing, and the errors a broken model folder produces. */
class OnnxDecoderLoadTest {

  @TempDir Path temp;

  private Path copyOfTinyDecoder() throws IOException {
    Path dir = temp.resolve("tiny-copy");
    Files.createDirectories(dir);
    for (String name : new String[] {"model.onnx", "tokenizer.json", "config.json"}) {
      Files.copy(
          TestModels.tinyDecoder().resolve(name),
          dir.resolve(name),
          StandardCopyOption.REPLACE_EXISTING);
    }
    return dir;
  }

  @Test
  void closeTwiceIsSafeAndUseAfterCloseThrows() {
    OnnxDecoder decoder = OnnxDecoder.load(TestModels.tinyDecoder());
    GenerationRequest request = GenerationRequest.of("the cat", 2);
    assertEquals(2, decoder.generate(request).tokens().size());
    decoder.close();
    decoder.close();
    assertThrows(IllegalStateException.class, () -> decoder.generate(request));
    assertThrows(IllegalStateException.class, () -> decoder.tokenize("the cat"));
    assertThrows(IllegalStateException.class, () -> decoder.promptTokens(request));
  }

  @Test
  void closingDuringAGenerationFailsItCleanly() {
    OnnxDecoder decoder = OnnxDecoder.load(TestModels.tinyDecoder());
    TokenSink closeAfterFirstToken =
        new TokenSink() {
          @Override
          public void onToken(GeneratedToken token) {
            decoder.close(); // frees the session and this generation's cache mid-flight
          }
        };
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> decoder.generate(GenerationRequest.of("the cat", 8), closeAfterFirstToken));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void missingFileIsNamed() throws IOException {
    Path dir = copyOfTinyDecoder();
    Files.delete(dir.resolve("tokenizer.json"));
    LocalModelException e = assertThrows(LocalModelException.class, () -> OnnxDecoder.load(dir));
    assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
  }

  @Test
  void corruptModelFileIsAnExceptionNotACrash() throws IOException {
    Path dir = copyOfTinyDecoder();
    Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    LocalModelException e = assertThrows(LocalModelException.class, () -> OnnxDecoder.load(dir));
    assertTrue(e.getMessage().contains("model.onnx"), e.getMessage());
  }

  @Test
  void configThatDisagreesWithTheGraphIsRefused() throws IOException {
    Path dir = copyOfTinyDecoder();
    Path config = dir.resolve("config.json");
    Files.writeString(
        config,
        Files.readString(config)
            .replace("\"num_attention_heads\": 2", "\"num_attention_heads\": 4"));
    LocalModelException heads =
        assertThrows(LocalModelException.class, () -> OnnxDecoder.load(dir));
    assertTrue(heads.getMessage().contains("num_key_value_heads"), heads.getMessage());

    copyOfTinyDecoder();
    Files.writeString(
        config,
        Files.readString(config).replace("\"num_hidden_layers\": 3", "\"num_hidden_layers\": 2"));
    LocalModelException layers =
        assertThrows(LocalModelException.class, () -> OnnxDecoder.load(dir));
    assertTrue(layers.getMessage().contains("past_key_values.2.key"), layers.getMessage());

    copyOfTinyDecoder();
    Files.writeString(
        config, Files.readString(config).replace("\"vocab_size\": 300", "\"vocab_size\": 301"));
    LocalModelException vocab =
        assertThrows(LocalModelException.class, () -> OnnxDecoder.load(dir));
    assertTrue(vocab.getMessage().contains("vocab_size 301"), vocab.getMessage());
  }

  @Test
  void unsupportedTokenizerDecoderIsNamed() throws IOException {
    Path dir = copyOfTinyDecoder();
    Path tokenizer = dir.resolve("tokenizer.json");
    String json = Files.readString(tokenizer);
    int decoder = json.indexOf("\"decoder\"");
    String patched =
        json.substring(0, decoder)
            + json.substring(decoder).replaceFirst("\"ByteLevel\"", "\"WordPiece\"");
    Files.writeString(tokenizer, patched);
    LocalModelException e = assertThrows(LocalModelException.class, () -> OnnxDecoder.load(dir));
    assertTrue(e.getMessage().contains("WordPiece"), e.getMessage());
  }

  @Test
  void chatTemplateWrapsThePrompt() {
    ChatTemplate template = new ChatTemplate("System: {system}\nUser: {user}\nAssistant:");
    try (OnnxDecoder plain = OnnxDecoder.load(TestModels.tinyDecoder());
        OnnxDecoder chat =
            OnnxDecoder.load(
                TestModels.tinyDecoder(), DecoderOptions.DEFAULT.withChatTemplate(template))) {
      GenerationRequest request = GenerationRequest.of("hi", 4).withSystemPrompt("be brief");
      String rendered = "System: be brief\nUser: hi\nAssistant:";
      assertEquals(plain.tokenize(rendered).length, chat.promptTokens(request));
      assertEquals(
          plain.generate(GenerationRequest.of(rendered, 4)).tokens(),
          chat.generate(request).tokens());
      // Without a template, the system prompt leads as its own paragraph.
      assertEquals(plain.tokenize("be brief\n\nhi").length, plain.promptTokens(request));
    }
  }
}
