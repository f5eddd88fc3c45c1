package org.harmonia.trial.randomisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KitNumbersTest {
    static final RandomisationSeed SEED = RandomisationSeed.fromHex("0badc0de0badc0de0badc0de0badc0de0badc0de0badc0de0badc0de0badc0de");

    @Test
    void issuesTheOrderedKitsWithUniqueValidNumbers() {
        List<Kit> kits = KitNumbers.generate(SEED, "batch-1", Map.of("MSC", 150, "PLACEBO", 150), Set.of());
        assertThat(kits).hasSize(300);
        assertThat(kits.stream().collect(Collectors.groupingBy(Kit::armId, Collectors.counting())))
                .containsEntry("MSC", 150L).containsEntry("PLACEBO", 150L);
        assertThat(kits.stream().map(k -> k.number().value()).collect(Collectors.toSet())).hasSize(300);
        assertThat(kits).allSatisfy(k -> assertThat(k.number().value()).matches("[1-9][0-9]{6}"));
    }

    @Test
    void sameSeedBatchAndCountsGiveTheSameKitsWhateverTheMapOrder() {
        Map<String, Integer> msFirst = new LinkedHashMap<>();
        msFirst.put("MSC", 20);
        msFirst.put("PLACEBO", 20);
        Map<String, Integer> placeboFirst = new TreeMap<>(Comparator.reverseOrder());
        placeboFirst.putAll(msFirst);
        assertThat(KitNumbers.generate(SEED, "batch-1", placeboFirst, Set.of())).isEqualTo(KitNumbers.generate(SEED, "batch-1", msFirst, Set.of()));
        assertThat(KitNumbers.generate(SEED, "batch-2", msFirst, Set.of())).isNotEqualTo(KitNumbers.generate(SEED, "batch-1", msFirst, Set.of()));
    }

    @Test
    void numbersRevealNeitherTheArmNorTheOrderOfIssue() {
        List<Kit> kits = KitNumbers.generate(SEED, "batch-1", Map.of("MSC", 500, "PLACEBO", 500), Set.of());
        // Consecutive kits are not consecutive numbers, and numbers do not rise with the order of issue.
        long rising = 0;
        for (int i = 1; i < kits.size(); i++) {
            int previous = body(kits.get(i - 1));
            int current = body(kits.get(i));
            assertThat(Math.abs(current - previous)).isGreaterThan(1);
            rising += current > previous ? 1 : 0;
        }
        assertThat(rising).isBetween(420L, 580L);
        // Sorted by number, the arms interleave like a fair coin: about 500 changes of arm in 999 neighbours.
        List<Kit> byNumber = kits.stream().sorted(Comparator.comparing(k -> k.number().value())).toList();
        long changes = 0;
        for (int i = 1; i < byNumber.size(); i++) {
            changes += byNumber.get(i).armId().equals(byNumber.get(i - 1).armId()) ? 0 : 1;
        }
        assertThat(changes).isBetween(440L, 560L);
        double mscMean = kits.stream().filter(k -> k.armId().equals("MSC")).mapToInt(KitNumbersTest::body).average().orElseThrow();
        double placeboMean = kits.stream().filter(k -> k.armId().equals("PLACEBO")).mapToInt(KitNumbersTest::body).average().orElseThrow();
        // Uniform on 100000..999999 has a standard deviation of 260,000; the mean of 500 about 11,600.
        assertThat(Math.abs(mscMean - placeboMean)).isLessThan(60_000);
    }

    @Test
    void neverReissuesANumberFromAnEarlierBatch() {
        List<Kit> first = KitNumbers.generate(SEED, "batch-1", Map.of("MSC", 2_000, "PLACEBO", 2_000), Set.of());
        Set<KitNumber> issued = first.stream().map(Kit::number).collect(Collectors.toSet());
        // The same batch name with the first batch excluded cannot repeat any of its numbers.
        List<Kit> again = KitNumbers.generate(SEED, "batch-1", Map.of("MSC", 2_000, "PLACEBO", 2_000), issued);
        assertThat(again).noneMatch(k -> issued.contains(k.number()));
    }

    @Test
    void checkDigitCatchesEverySingleMistypedDigitAndAdjacentSwap() {
        List<Kit> kits = KitNumbers.generate(SEED, "typos", Map.of("MSC", 200), Set.of());
        for (Kit kit : kits) {
            String v = kit.number().value();
            for (int pos = 0; pos < 7; pos++) {
                for (char d = '0'; d <= '9'; d++) {
                    if (d != v.charAt(pos)) {
                        String typo = v.substring(0, pos) + d + v.substring(pos + 1);
                        assertThat(isValid(typo)).as(typo).isFalse();
                    }
                }
                if (pos < 6 && v.charAt(pos) != v.charAt(pos + 1)) {
                    String swapped = v.substring(0, pos) + v.charAt(pos + 1) + v.charAt(pos) + v.substring(pos + 2);
                    assertThat(isValid(swapped)).as(swapped).isFalse();
                }
            }
        }
    }

    @Test
    void readsAKitNumberAndExplainsAWrongOne() {
        assertThat(KitNumber.of(572_000).value()).startsWith("572000");
        assertThat(KitNumber.checkDigit("572")).isEqualTo(4); // the worked example of Damm's algorithm
        KitNumber k = KitNumber.of(483_920);
        assertThat(new KitNumber(k.value())).isEqualTo(k);
        String wrong = k.value().substring(0, 6) + (char) ('0' + (k.value().charAt(6) - '0' + 1) % 10);
        assertThatThrownBy(() -> new KitNumber(wrong)).isInstanceOf(RandomisationException.class)
                .hasMessage("kit number " + wrong + " has a wrong check digit: a digit is mistyped or two are swapped");
        assertThatThrownBy(() -> new KitNumber("12345")).hasMessage("a kit number has seven digits, the first not zero; got \"12345\"");
        assertThatThrownBy(() -> new KitNumber("0123456")).hasMessageContaining("the first not zero");
    }

    @Test
    void rejectsEmptyOrOversizedBatches() {
        assertThatThrownBy(() -> KitNumbers.generate(SEED, "b", Map.of("MSC", 0), Set.of())).hasMessage("a kit batch needs at least one kit");
        assertThatThrownBy(() -> KitNumbers.generate(SEED, "b", Map.of("MSC", -3), Set.of()))
                .hasMessage("the number of kits of arm MSC must be zero or more; got -3");
        assertThatThrownBy(() -> KitNumbers.generate(SEED, "b", Map.of("MSC", 50_000, "PLACEBO", 50_000), Set.of()))
                .hasMessage("a trial can issue at most 90000 kit numbers; this batch of 100000 would bring it to 100000");
        assertThatThrownBy(() -> KitNumbers.generate(SEED, " ", Map.of("MSC", 1), Set.of())).hasMessage("a kit batch needs a name");
    }

    private static boolean isValid(String number) {
        try {
            new KitNumber(number);
            return true;
        } catch (RandomisationException e) {
            return false;
        }
    }

    private static int body(Kit k) {
        return Integer.parseInt(k.number().value().substring(0, 6));
    }
}
