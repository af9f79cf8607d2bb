package dev.winnow.jobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic English-looking texts with log-normal lengths: what a web corpus looks like to a
 * batcher (many short texts, a long tail). The same spec and seed always give the same texts, and
 * the first rows of a longer corpus are the rows of a shorter one.
 */
public final class SyntheticCorpus {

  private static final String[] WORDS = (
      "the of and to in a is that for it as was with be by on not he this are or his from at which "
      + "but have an they you were her she there been one all we their has would when if so no will "
      + "more can out up about who some what them into time only could new these two may first then "
      + "do any like my now over such our man me even most made after also did many before must "
      + "through back years where much your way well down should because each just those people how "
      + "too little state good very make world still own see men work long get here between both life "
      + "being under never day same another know while last might us great old year off come since "
      + "against go came right used take three himself few house use during without again place "
      + "around however home small found thought went say part once general high upon school every "
      + "does got united left number course war until always away something fact though water less "
      + "public put think almost hand enough far took head yet government system better set told "
      + "nothing night end why called didn find look asked later knew point next program city business "
      + "give group toward young days let room president side social given present several order "
      + "national possible rather second face per among form important often things looked early white "
      + "case john become large big need four within felt along children saw best church ever least "
      + "power development light thing seemed family interest want members mind country area others "
      + "although turned done open god service certain kind problem began different door thus help "
      + "sense means whole matter perhaps itself york times law human line above name example action "
      + "company hands local show whether five history gave today either act feet across taken past "
      + "quite anything seen having death experience body word half really week car field money words "
      + "already information tell together college shall sometimes period american free moment street "
      + "keep real second policy study market community data model batch token spark cluster").split(" ");

  private SyntheticCorpus() {}

  /** {@code rows} texts drawn from {@code spec}'s length distribution and seed. */
  public static List<String> generate(BenchConfig.CorpusSpec spec, int rows) {
    SplittableRandom random = new SplittableRandom(spec.seed());
    double mu = Math.log(spec.medianWords());
    List<String> texts = new ArrayList<>(rows);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      int words = wordCount(random, mu, spec);
      text.setLength(0);
      for (int w = 0; w < words; w++) {
        String word = WORDS[random.nextInt(WORDS.length)];
        if (w == 0) {
          text.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
        } else {
          text.append(' ').append(word);
        }
        if (w + 1 < words && random.nextInt(12) == 0) {
          text.append(random.nextBoolean() ? ',' : '.');
        }
      }
      texts.add(text.append('.').toString());
    }
    return texts;
  }

  private static int wordCount(SplittableRandom random, double mu, BenchConfig.CorpusSpec spec) {
    long words = Math.round(Math.exp(mu + spec.sigma() * random.nextGaussian()));
    return (int) Math.max(spec.minWords(), Math.min(spec.maxWords(), words));
  }
}
