package io.tierwise.local;

/**
 * A local model folder cannot be loaded (missing or malformed file, unsupported layout) or ONNX
 * Runtime failed while running it. The message names the file, key or value at fault.
 */
public class LocalModelException extends RuntimeException {

  public LocalModelException(String message) {
    super(message);
  }

  public LocalModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
