package org.harmonia.trial.randomisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.harmonia.trial.randomisation.Designs.MESEMS;
import static org.harmonia.trial.randomisation.Designs.TWO_TO_ONE;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolLoader;
import org.junit.jupiter.api.Test;

class PermutedBlockListTest {
    static final RandomisationSeed SEED = RandomisationSeed.fromHex("8f0c2a7d19e34b5c6a7f8e9d0c1b2a3948576a6b7c8d9e0f1a2b3c4d5e6f7081");
    static final PermutedBlockList MESEMS_BLOCKS = new PermutedBlockList(MESEMS, List.of(2, 4));
    static final Stratum ITALY = Stratum.parse("subTrial=italy");
    static final Stratum CANADA = Stratum.parse("subTrial=canada");

    @Test
    void sameSeedAndStratumGiveTheSameList() {
        assertThat(MESEMS_BLOCKS.generate(SEED, ITALY, 200)).isEqualTo(MESEMS_BLOCKS.generate(SEED, ITALY, 200));
        assertThat(PermutedBlockList.generate(SEED, MESEMS, List.of(2, 4), "subTrial=italy", 200))
                .isEqualTo(MESEMS_BLOCKS.generate(SEED, ITALY, 200));
    }

    @Test
    void anotherSeedGivesAnotherList() {
        RandomisationSeed other = RandomisationSeed.fromHex("8f0c2a7d19e34b5c6a7f8e9d0c1b2a3948576a6b7c8d9e0f1a2b3c4d5e6f7082");
        assertThat(sequenceIds(MESEMS_BLOCKS.generate(other, ITALY, 200))).isNotEqualTo(sequenceIds(MESEMS_BLOCKS.generate(SEED, ITALY, 200)));
    }

    @Test
    void eachStratumHasItsOwnListThatOtherStrataDoNotDisturb() {
        List<AllocationSlot> italyAlone = MESEMS_BLOCKS.generate(SEED, ITALY, 200);
        List<AllocationSlot> canada = MESEMS_BLOCKS.generate(SEED, CANADA, 200);
        List<AllocationSlot> italyAfterCanada = MESEMS_BLOCKS.generate(SEED, ITALY, 200);
        assertThat(italyAfterCanada).isEqualTo(italyAlone);
        assertThat(sequenceIds(canada)).isNotEqualTo(sequenceIds(italyAlone));
        assertThat(canada).allMatch(s -> s.stratum().equals(CANADA));
        // Independent strata agree at about half the positions, as two fair coins would.
        long agree = 0;
        for (int i = 0; i < 200; i++) {
            agree += italyAlone.get(i).sequenceId().equals(canada.get(i).sequenceId()) ? 1 : 0;
        }
        assertThat(agree).isBetween(70L, 130L);
    }

    @Test
    void aLongerListStartsWithTheShorterOne() {
        List<AllocationSlot> short37 = MESEMS_BLOCKS.generate(SEED, ITALY, 37);
        assertThat(MESEMS_BLOCKS.generate(SEED, ITALY, 500).subList(0, 37)).isEqualTo(short37);
    }

    @Test
    void slotsAreNumberedFromOneWithinStratumAndBlock() {
        List<AllocationSlot> slots = MESEMS_BLOCKS.generate(SEED, ITALY, 100);
        assertThat(slots).hasSize(100);
        int block = 0;
        for (int i = 0; i < slots.size(); i++) {
            AllocationSlot s = slots.get(i);
            assertThat(s.position()).isEqualTo(i + 1);
            if (s.positionInBlock() == 1) {
                block++;
            }
            assertThat(s.blockNumber()).isEqualTo(block);
        }
    }

    @Test
    void everyOneToOneBlockHoldsEachSequenceEquallyOften() {
        Map<Integer, List<AllocationSlot>> blocks = byBlock(MESEMS_BLOCKS.generate(SEED, ITALY, 1_000));
        blocks.remove(blocks.size()); // the last block may be cut at the list's length
        for (List<AllocationSlot> b : blocks.values()) {
            int size = b.get(0).blockSize();
            assertThat(b).hasSize(size);
            assertThat(countBySequence(b)).containsEntry("MSC-PLACEBO", (long) size / 2).containsEntry("PLACEBO-MSC", (long) size / 2);
        }
    }

    @Test
    void everyTwoToOneBlockHoldsTheSequencesTwoToOne() {
        PermutedBlockList design = new PermutedBlockList(TWO_TO_ONE, List.of(3, 6));
        Map<Integer, List<AllocationSlot>> blocks = byBlock(design.generate(SEED, ITALY, 999));
        blocks.remove(blocks.size());
        for (List<AllocationSlot> b : blocks.values()) {
            int size = b.get(0).blockSize();
            assertThat(b).hasSize(size);
            assertThat(countBySequence(b)).containsEntry("MSC", 2L * size / 3).containsEntry("CONTROL", (long) size / 3);
        }
    }

    @Test
    void blockSizesVaryAtRandomBetweenTheAllowedSizes() {
        Map<Integer, List<AllocationSlot>> blocks = byBlock(MESEMS_BLOCKS.generate(SEED, ITALY, 3_000));
        Map<Integer, Long> sizes = blocks.values().stream().collect(Collectors.groupingBy(b -> b.get(0).blockSize(), Collectors.counting()));
        assertThat(sizes.keySet()).containsExactlyInAnyOrder(2, 4);
        // About 1,000 blocks with each size drawn with probability 1/2; 4.5 standard deviations either side.
        double shareOfTwos = (double) sizes.get(2) / blocks.size();
        assertThat(shareOfTwos).isBetween(0.43, 0.57);
        // Sizes follow no pattern: a block of 2 is followed by a block of 2 about half the time.
        List<Integer> order = blocks.values().stream().map(b -> b.get(0).blockSize()).toList();
        long twoThenTwo = 0;
        long two = 0;
        for (int i = 1; i < order.size(); i++) {
            if (order.get(i - 1) == 2) {
                two++;
                twoThenTwo += order.get(i) == 2 ? 1 : 0;
            }
        }
        assertThat((double) twoThenTwo / two).isBetween(0.40, 0.60);
    }

    @Test
    void neverLetsAStratumDriftMoreThanHalfTheLargestBlockOutOfBalance() {
        // 10,000 allocations in 5 strata of 2,000, blocks of 2 and 4: the running difference between the
        // two sequences must never exceed 2 (half the largest block), whatever the stratum and moment.
        int worst = 0;
        for (String site : List.of("01", "02", "03", "04", "05")) {
            int difference = 0;
            for (AllocationSlot s : MESEMS_BLOCKS.generate(SEED, Stratum.parse("site=" + site), 2_000)) {
                difference += s.sequenceId().equals("MSC-PLACEBO") ? 1 : -1;
                worst = Math.max(worst, Math.abs(difference));
            }
        }
        System.out.println("permuted blocks 2,4: largest running imbalance over 10,000 allocations in 5 strata = " + worst);
        assertThat(worst).isLessThanOrEqualTo(2);
    }

    @Test
    void twoToOneListsStayWithinHalfALargestBlockOfTheRatio() {
        // In ratio-adjusted units (an MSC patient counts 1/2, a control 1) every sequence reaches
        // block size / ratio total by the end of each block, so the running imbalance of a 2:1 list with
        // blocks of 3 and 6 stays within 6 / 3 = 2 (for 1:1 this is half the largest block).
        PermutedBlockList design = new PermutedBlockList(TWO_TO_ONE, List.of(3, 6));
        double worst = 0;
        for (String site : List.of("01", "02", "03", "04", "05")) {
            double difference = 0;
            for (AllocationSlot s : design.generate(SEED, Stratum.parse("site=" + site), 2_000)) {
                difference += s.sequenceId().equals("MSC") ? 0.5 : -1;
                worst = Math.max(worst, Math.abs(difference));
            }
        }
        assertThat(worst).isLessThanOrEqualTo(2.0);
        assertThat(worst).isGreaterThan(0.0);
    }

    @Test
    void generatesTheMesemsDesignFromItsProtocol() {
        Protocol mesems = new ProtocolLoader().load(Path.of("..", "protocols", "mesems.yaml"));
        PermutedBlockList design = PermutedBlockList.of(mesems.design().randomisation(), mesems.sequences());
        Stratum stockholm = Stratum.of(mesems.design().randomisation().strata(), Map.of("subTrial", "stockholm"));
        List<AllocationSlot> slots = design.generate(SEED, stockholm, 144);
        assertThat(design.blockSizes()).containsExactly(2, 4);
        assertThat(slots).hasSize(144).allMatch(s -> s.stratum().key().equals("subTrial=stockholm"));
        assertThat(countBySequence(slots).values()).allMatch(n -> Math.abs(n - 72) <= 2);
    }

    @Test
    void rejectsABlockSizeThatIsNotAMultipleOfTheRatioTotal() {
        assertThatThrownBy(() -> new PermutedBlockList(MESEMS, List.of(3)))
                .isInstanceOf(RandomisationException.class).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("block size 3 is not a multiple of the allocation ratio total 2 (ratio 1:1)");
        assertThatThrownBy(() -> new PermutedBlockList(TWO_TO_ONE, List.of(3, 4)))
                .hasMessage("block size 4 is not a multiple of the allocation ratio total 3 (ratio 2:1)");
    }

    @Test
    void rejectsMissingRepeatedOrNonPositiveBlockSizes() {
        assertThatThrownBy(() -> new PermutedBlockList(MESEMS, List.of())).hasMessage("permuted blocks need at least one block size");
        assertThatThrownBy(() -> new PermutedBlockList(MESEMS, List.of(4, 2, 4))).hasMessage("block size 4 is listed twice");
        assertThatThrownBy(() -> new PermutedBlockList(MESEMS, List.of(0))).hasMessage("block size 0 is not a positive whole number");
    }

    @Test
    void rejectsFewerThanTwoSequencesOrARepeatedOne() {
        assertThatThrownBy(() -> new PermutedBlockList(List.of(Designs.MSC_PLACEBO), List.of(2)))
                .hasMessage("randomisation needs at least two sequences to allocate to; got 1");
        assertThatThrownBy(() -> new PermutedBlockList(List.of(Designs.MSC_PLACEBO, Designs.MSC_PLACEBO), List.of(2)))
                .hasMessage("the sequence MSC-PLACEBO is listed twice");
    }

    @Test
    void rejectsANegativeLengthAndABadStratumKey() {
        assertThatThrownBy(() -> MESEMS_BLOCKS.generate(SEED, ITALY, -1)).hasMessage("an allocation list cannot have a negative length; got -1");
        assertThatThrownBy(() -> PermutedBlockList.generate(SEED, MESEMS, List.of(2, 4), "", 10)).hasMessageContaining("a stratum key cannot be empty");
        assertThat(MESEMS_BLOCKS.generate(SEED, ITALY, 0)).isEmpty();
    }

    static List<String> sequenceIds(List<AllocationSlot> slots) {
        return slots.stream().map(AllocationSlot::sequenceId).toList();
    }

    static Map<Integer, List<AllocationSlot>> byBlock(List<AllocationSlot> slots) {
        Map<Integer, List<AllocationSlot>> m = new HashMap<>();
        for (AllocationSlot s : slots) {
            m.computeIfAbsent(s.blockNumber(), k -> new java.util.ArrayList<>()).add(s);
        }
        return new java.util.TreeMap<>(m);
    }

    static Map<String, Long> countBySequence(List<AllocationSlot> slots) {
        return slots.stream().collect(Collectors.groupingBy(AllocationSlot::sequenceId, Collectors.counting()));
    }
}
