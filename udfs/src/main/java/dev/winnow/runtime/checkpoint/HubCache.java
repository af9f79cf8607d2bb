package dev.winnow.runtime.checkpoint;

import dev.winnow.runtime.WinnowErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a model in the local Hugging Face hub cache ({@code huggingface-cli download} fills it),
 * following the cache's own layout: {@code models--ORG--NAME/refs/REVISION} names a snapshot
 * folder. Reading the cache instead of the network keeps jobs reproducible and offline.
 */
final class HubCache {

  private HubCache() {}

  static Path snapshot(String repoAndRevision) {
    int at = repoAndRevision.indexOf('@');
    String repo = at < 0 ? repoAndRevision : repoAndRevision.substring(0, at);
    String revision = at < 0 ? "main" : repoAndRevision.substring(at + 1);
    if (!repo.matches("[A-Za-z0-9._-]+/[A-Za-z0-9._-]+")) {
      throw WinnowErrors.badModel("hub model id '" + repo + "' is not of the form ORG/NAME");
    }
    Path modelDir = root().resolve("models--" + repo.replace("/", "--"));
    if (!Files.isDirectory(modelDir)) {
      throw WinnowErrors.badModel("hub model " + repo + " is not in the local cache " + root()
          + " (Winnow runs offline: fetch it first with `huggingface-cli download " + repo + "`, "
          + "or point model.ref at a folder)");
    }
    Path ref = modelDir.resolve("refs").resolve(revision);
    String commit = revision;
    if (Files.isRegularFile(ref)) {
      try {
        commit = Files.readString(ref).trim();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + ref, e);
      }
    }
    Path snapshot = modelDir.resolve("snapshots").resolve(commit);
    if (!Files.isDirectory(snapshot)) {
      throw WinnowErrors.badModel("hub model " + repo + " has no snapshot for revision '" + revision
          + "' in " + modelDir);
    }
    return snapshot;
  }

  static Path root() {
    String override = System.getProperty("winnow.hub.cache");
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    String hubCache = System.getenv("HF_HUB_CACHE");
    if (hubCache != null && !hubCache.isBlank()) {
      return Path.of(hubCache);
    }
    String home = System.getenv("HF_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home, "hub");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub");
  }
}
