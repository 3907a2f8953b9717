package io.tierwise.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseDataReaderTest {

  private static SseDataReader reader(String text) {
    return new SseDataReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsDataPayloadsSkippingCommentsAndOtherFields() throws Exception {
    SseDataReader events =
        reader(
            ": keep-alive\n\nevent: message\nid: 1\ndata: {\"a\":1}\n\ndata:{\"b\":2}\r\n\r\ndata: [DONE]\n\n");
    assertEquals("{\"a\":1}", events.next());
    assertEquals("{\"b\":2}", events.next());
    assertEquals("[DONE]", events.next());
    assertNull(events.next());
  }

  @Test
  void joinsMultiLineDataAndDropsAnEventCutOffByTheEnd() throws Exception {
    SseDataReader events = reader("data: line one\ndata: line two\n\ndata: {\"trunc");
    assertEquals("line one\nline two", events.next());
    assertNull(events.next());
  }
}
