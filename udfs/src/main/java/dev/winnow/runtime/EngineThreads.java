package dev.winnow.runtime;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The native engine's intra-op thread count: how many threads one operator call may use.
 *
 * <p>PyTorch (OpenMP) keeps the count per calling thread: a thread that has already run native ops
 * keeps its count until it sets one itself, and a thread's first op takes the last count set
 * anywhere. When several callers run at once (Spark tasks on one executor), each gets its own
 * thread team, so callers x threads must not exceed the cores or the teams fight for them. Set it
 * from the thread that runs the model.
 */
public final class EngineThreads {

  private EngineThreads() {}

  /** Sets the intra-op thread count (at least 1) of the calling thread and of threads yet to start. */
  public static void setIntraOp(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("intra-op threads must be at least 1: " + threads);
    }
    Engine.getEngine("PyTorch"); // loads the native library before the first JNI call
    JniUtils.setNumThreads(threads);
  }

  /** The calling thread's intra-op thread count. */
  public static int intraOp() {
    Engine.getEngine("PyTorch");
    return JniUtils.getNumThreads();
  }
}
