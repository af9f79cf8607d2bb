package dev.winnow.spark;

/**
 * Keeps DJL off the network: no model-zoo downloads, no native-library downloads, no telemetry.
 *
 * <p>DJL reads these as system properties when it first needs them, so they must be set before
 * any DJL class is used. Job entry points call {@link #enforce()} first thing; the executor cache
 * calls it again because executors are separate JVMs that never run a job's {@code main}.
 */
public final class DjlOffline {

  private DjlOffline() {}

  public static void enforce() {
    System.setProperty("ai.djl.offline", "true");
    // DJL reads OPT_OUT_TRACKING from the environment or, failing that, from system properties.
    System.setProperty("OPT_OUT_TRACKING", "true");
  }
}
