package org.harmonia.trial.randomisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.harmonia.trial.randomisation.Designs.MESEMS;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Extending a stratum's list beyond its generated length, from the list-extension key. */
class ListExtensionTest {
    static final RandomisationSeed SEED = PermutedBlockListTest.SEED;
    static final RandomisationSeed KEY = PermutedBlockList.extensionKey(SEED);
    static final PermutedBlockList BLOCKS = new PermutedBlockList(MESEMS, List.of(2, 4));
    static final Stratum ITALY = Stratum.parse("subTrial=italy");

    @Test
    void theExtensionKeyIsTheStreamKeyOfPurposeListExtensionAsDocumented() throws Exception {
        byte[] domain = "harmonia-randomisation-v1".getBytes(StandardCharsets.UTF_8);
        byte[] purpose = "list-extension".getBytes(StandardCharsets.UTF_8);
        ByteBuffer label = ByteBuffer.allocate(12 + domain.length + purpose.length);
        label.putInt(domain.length).put(domain).putInt(purpose.length).put(purpose).putInt(0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SEED.bytes(), "HmacSHA256"));
        assertThat(KEY.toHex()).isEqualTo(HexFormat.of().formatHex(mac.doFinal(label.array())));
        assertThat(KEY).isNotEqualTo(SEED);
    }

    @Test
    void completesACutLastBlockThenAddsWholeBlocksKeepingEveryBlockBalanced() {
        for (int length = 1; length <= 40; length++) {
            List<AllocationSlot> list = BLOCKS.generate(SEED, ITALY, length);
            List<AllocationSlot> added = BLOCKS.extend(KEY, ITALY, lastBlock(list), 30);
            List<AllocationSlot> whole = new ArrayList<>(list);
            whole.addAll(added);
            assertThat(added.size()).isGreaterThanOrEqualTo(30);
            assertThat(added.get(0).position()).isEqualTo(length + 1);
            int difference = 0;
            for (int i = 0; i < whole.size(); i++) {
                AllocationSlot s = whole.get(i);
                assertThat(s.position()).isEqualTo(i + 1);
                difference += s.sequenceId().equals("MSC-PLACEBO") ? 1 : -1;
                assertThat(Math.abs(difference)).as("running imbalance at %d of a list cut at %d", i + 1, length).isLessThanOrEqualTo(2);
                if (s.positionInBlock() == s.blockSize()) {
                    assertThat(difference).as("balance at the end of block %d", s.blockNumber()).isZero();
                }
            }
            // the extension ends on a block boundary, so the next extension starts a fresh block
            assertThat(whole.get(whole.size() - 1).positionInBlock()).isEqualTo(whole.get(whole.size() - 1).blockSize());
        }
    }

    @Test
    void theSameKeyAndLastBlockGiveTheSameExtensionAndAnotherKeyAnother() {
        List<AllocationSlot> list = BLOCKS.generate(SEED, ITALY, 37);
        assertThat(BLOCKS.extend(KEY, ITALY, lastBlock(list), 60)).isEqualTo(BLOCKS.extend(KEY, ITALY, lastBlock(list), 60));
        RandomisationSeed other = PermutedBlockList.extensionKey(RandomisationSeed.fromHex("00" + SEED.toHex().substring(2)));
        assertThat(BLOCKS.extend(other, ITALY, lastBlock(list), 60).stream().map(AllocationSlot::sequenceId).toList())
                .isNotEqualTo(BLOCKS.extend(KEY, ITALY, lastBlock(list), 60).stream().map(AllocationSlot::sequenceId).toList());
    }

    @Test
    void eachBlockDependsOnlyOnTheKeyTheStratumAndItsNumber() {
        // extending twice by a little gives the same blocks as extending once by a lot
        List<AllocationSlot> list = BLOCKS.generate(SEED, ITALY, 20);
        List<AllocationSlot> once = BLOCKS.extend(KEY, ITALY, lastBlock(list), 40);
        List<AllocationSlot> first = BLOCKS.extend(KEY, ITALY, lastBlock(list), 10);
        List<AllocationSlot> soFar = new ArrayList<>(list);
        soFar.addAll(first);
        List<AllocationSlot> twice = new ArrayList<>(first);
        twice.addAll(BLOCKS.extend(KEY, ITALY, lastBlock(soFar), 40 - first.size()));
        assertThat(twice.subList(0, Math.min(twice.size(), once.size()))).isEqualTo(once.subList(0, Math.min(twice.size(), once.size())));
    }

    @Test
    void aStratumWithoutAListStartsAtBlockOne() {
        List<AllocationSlot> added = BLOCKS.extend(KEY, Stratum.parse("subTrial=oslo"), List.of(), 5);
        assertThat(added.get(0).position()).isEqualTo(1);
        assertThat(added.get(0).blockNumber()).isEqualTo(1);
        assertThat(added.size()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void refusesALastBlockThatIsNotOneBlockOfTheDesign() {
        List<AllocationSlot> list = BLOCKS.generate(SEED, ITALY, 12);
        int last = list.get(list.size() - 1).blockNumber();
        List<AllocationSlot> twoBlocks = list.stream().filter(s -> s.blockNumber() >= last - 1).toList();
        assertThatThrownBy(() -> BLOCKS.extend(KEY, ITALY, twoBlocks, 5)).isInstanceOf(RandomisationException.class)
                .hasMessageStartingWith("the last block of stratum subTrial=italy ");
        List<AllocationSlot> unbalanced = List.of(new AllocationSlot(ITALY, 1, "MSC-PLACEBO", 1, 2, 1),
                new AllocationSlot(ITALY, 2, "MSC-PLACEBO", 1, 2, 2));
        assertThatThrownBy(() -> BLOCKS.extend(KEY, ITALY, unbalanced, 5)).isInstanceOf(RandomisationException.class)
                .hasMessage("the last block of stratum subTrial=italy is not one block of this design");
        assertThatThrownBy(() -> BLOCKS.extend(KEY, ITALY, lastBlock(list), 0)).isInstanceOf(RandomisationException.class);
    }

    static List<AllocationSlot> lastBlock(List<AllocationSlot> list) {
        int last = list.get(list.size() - 1).blockNumber();
        return list.stream().filter(s -> s.blockNumber() == last).toList();
    }
}
