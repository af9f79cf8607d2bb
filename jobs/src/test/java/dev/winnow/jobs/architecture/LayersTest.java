package dev.winnow.jobs.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.winnow.jobs.train.FineTuneTraining;
import dev.winnow.jobs.train.HeadFolder;
import dev.winnow.jobs.train.HeadTraining;

/**
 * The seams of docs/ARCHITECTURE.md: each layer knows the one below only through its API.
 *
 * <ul>
 *   <li>runtime ({@code dev.winnow.runtime..}) never sees Spark, the Spark layer or the jobs;
 *   <li>the Spark layer ({@code dev.winnow.spark}) uses the runtime API package only;
 *   <li>jobs use the runtime API package and its training API ({@code dev.winnow.runtime.training..}),
 *       never checkpoint formats, the network, the inference pipeline or tokenizing.
 * </ul>
 */
@AnalyzeClasses(packages = "dev.winnow", importOptions = LayersTest.MainCodeOnly.class)
class LayersTest {

  /** The runtime's API: what the layers above may call. */
  private static final String[] RUNTIME_API = {"dev.winnow.runtime", "dev.winnow.runtime.training.."};

  /**
   * The bench measures runtime internals on purpose: its runtime and ONNX modes drive the
   * inference pipeline directly, so that batches are identical across modes.
   */
  private static final String BENCH = "dev.winnow.jobs.bench..";

  /**
   * Allowed until the training API covers them: the train job writes heads through checkpoint
   * classes ({@code LinearHead}, {@code HeadCheckpointWriter}, {@code FolderPublisher}), and the
   * fine-tune path tokenizes with {@code runtime.text}.
   */
  private static final DescribedPredicate<JavaClass> TRAINING_NOT_YET_ON_THE_API =
      belongToAnyOf(HeadFolder.class, HeadTraining.class, FineTuneTraining.class);

  @ArchTest
  static final ArchRule runtimeKnowsNoSpark = noClasses()
      .that().resideInAPackage("dev.winnow.runtime..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "dev.winnow.spark..", "dev.winnow.jobs..");

  @ArchTest
  static final ArchRule sparkLayerUsesTheRuntimeApiOnly = noClasses()
      .that().resideInAPackage("dev.winnow.spark..")
      .should().dependOnClassesThat(resideInAPackage("dev.winnow.runtime..").and(not(resideInAnyPackage(RUNTIME_API))))
      .because("the Spark layer knows a model as a reference string and InferenceOptions");

  @ArchTest
  static final ArchRule jobsUseTheRuntimeApiOnly = noClasses()
      .that().resideInAPackage("dev.winnow.jobs..")
      .and().resideOutsideOfPackage(BENCH)
      .and(not(TRAINING_NOT_YET_ON_THE_API))
      .should().dependOnClassesThat(resideInAPackage("dev.winnow.runtime..").and(not(resideInAnyPackage(RUNTIME_API))))
      .because("jobs never touch checkpoint formats or the runtime's internals");

  @ArchTest
  static final ArchRule nothingBelowKnowsTheJobs = noClasses()
      .that().resideInAnyPackage("dev.winnow.runtime..", "dev.winnow.spark..")
      .should().dependOnClassesThat().resideInAPackage("dev.winnow.jobs..");

  /**
   * Main code only: ArchUnit's own DoNotIncludeTests knows test-classes folders but not the
   * modules' test jars, which a full reactor build puts on this classpath instead.
   */
  public static final class MainCodeOnly implements ImportOption {
    @Override
    public boolean includes(com.tngtech.archunit.core.importer.Location location) {
      return !location.contains("/test-classes/") && !location.contains("-tests.jar");
    }
  }
}
