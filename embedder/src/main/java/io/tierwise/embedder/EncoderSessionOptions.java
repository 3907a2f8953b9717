package io.tierwise.embedder;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The ONNX Runtime session options every encoder runs with, public so that benchmarks profile the
 * graph exactly as serving runs it.
 */
public final class EncoderSessionOptions {

  private EncoderSessionOptions() {}

  /**
   * New options for one encoder session; the caller closes them once the session is created.
   *
   * @param intraOpThreads threads ONNX Runtime may use inside one inference, at least 1
   */
  public static OrtSession.SessionOptions create(int intraOpThreads) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setIntraOpNumThreads(intraOpThreads);
      // One graph, run operator after operator: nothing for an inter-op pool to overlap.
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }
}
