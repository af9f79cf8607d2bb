package dev.winnow.runtime;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The native engine's intra-op thread count: one setting per JVM, shared by every model in it.
 *
 * <p>PyTorch sizes the thread team of each operator call from this value, per calling thread. When
 * several callers run at once (Spark tasks on one executor), each gets its own team, so callers x
 * threads must not exceed the cores or the teams fight for them.
 */
public final class EngineThreads {

  private static int applied;

  private EngineThreads() {}

  /** Sets the intra-op thread count (at least 1) for every later operator call in this JVM. */
  public static synchronized void setIntraOp(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("intra-op threads must be at least 1: " + threads);
    }
    if (threads != applied) {
      Engine.getEngine("PyTorch"); // loads the native library before the first JNI call
      JniUtils.setNumThreads(threads);
      applied = threads;
    }
  }

  /** The current intra-op thread count. */
  public static int intraOp() {
    Engine.getEngine("PyTorch");
    return JniUtils.getNumThreads();
  }
}
