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
    int slash = repo.indexOf('/');
    if (slash < 0 || !isHubName(repo.substring(0, slash)) || !isHubName(repo.substring(slash + 1))) {
      throw WinnowErrors.badModel("hub model id '" + repo + "' is not of the form ORG/NAME (each 1-96 letters, "
          + "digits, '-', '_' or '.', not starting or ending with '-' or '.', no '--' or '..')");
    }
    if (!isRevision(revision)) {
      throw WinnowErrors.badModel("hub revision '" + revision + "' of " + repo + " is not a branch, tag or commit "
          + "name (letters, digits, '-', '_', '.', '/' between parts; no '..', no part starting with '.')");
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
    if (!commit.matches(NAME_PART) || commit.startsWith(".")) {
      throw WinnowErrors.badModel("hub cache file " + ref + " names commit '" + commit + "', which is not a commit id");
    }
    Path snapshot = modelDir.resolve("snapshots").resolve(commit);
    if (!Files.isDirectory(snapshot)) {
      throw WinnowErrors.badModel("hub model " + repo + " has no snapshot for revision '" + revision
          + "' in " + modelDir);
    }
    return snapshot;
  }

  /**
   * A hub user, organisation or model name, by the hub's own rule (huggingface_hub's
   * validate_repo_id): what keeps a reference from naming a folder outside the cache.
   */
  static boolean isHubName(String name) {
    return name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,94}[A-Za-z0-9_]|[A-Za-z0-9_]")
        && !name.contains("--") && !name.contains("..");
  }

  /** A git branch, tag or commit name, as the cache stores it under {@code refs/} (tags may hold '/'). */
  static boolean isRevision(String revision) {
    for (String part : revision.split("/", -1)) {
      if (!part.matches(NAME_PART) || part.startsWith(".") || part.endsWith(".lock")) {
        return false;
      }
    }
    return !revision.contains("..");
  }

  private static final String NAME_PART = "[A-Za-z0-9._-]+";

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
