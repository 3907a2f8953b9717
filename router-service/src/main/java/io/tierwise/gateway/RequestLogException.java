package io.tierwise.gateway;

/** The request log's store failed; the message names the store. */
public final class RequestLogException extends RuntimeException {

  public RequestLogException(String message, Throwable cause) {
    super(message, cause);
  }
}
