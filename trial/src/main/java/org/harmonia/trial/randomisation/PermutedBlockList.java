package org.harmonia.trial.randomisation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.harmonia.trial.protocol.Randomisation;
import org.harmonia.trial.protocol.RandomisationMethod;
import org.harmonia.trial.protocol.Sequence;

/**
 * Stratified permuted-block randomisation with randomly varying block sizes: a validated design (sequences,
 * ratio, block sizes) that generates each stratum's allocation list from the trial's secret seed.
 *
 * <p>Each block's size is drawn at random from the allowed sizes; a block of size {@code b} holds sequence
 * {@code i} exactly {@code ratio_i * b / (sum of ratios)} times, in random order. A stratum's list depends
 * only on the seed, the stratum key and the design, so strata are independent and a new stratum (a site
 * that joins late) can be generated at any time; a longer list of the same stratum starts with the shorter
 * one.
 */
public final class PermutedBlockList {
    /** The purpose under which the seed's stream for block lists is derived. */
    static final String PURPOSE = "permuted-blocks";

    private final SequenceRatios sequences;
    private final int[] blockSizes;
    /** For each allowed block size, the block's content before shuffling: sequence indices, ratio-repeated. */
    private final int[][] blockContents;

    public PermutedBlockList(List<Sequence> sequences, List<Integer> blockSizes) {
        this.sequences = new SequenceRatios(sequences);
        if (blockSizes == null || blockSizes.isEmpty()) {
            throw new RandomisationException("permuted blocks need at least one block size");
        }
        int total = this.sequences.total;
        this.blockSizes = new int[blockSizes.size()];
        this.blockContents = new int[blockSizes.size()][];
        Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < this.blockSizes.length; k++) {
            Integer size = blockSizes.get(k);
            if (size == null || size < 1) {
                throw new RandomisationException("block size " + size + " is not a positive whole number");
            }
            if (size % total != 0) {
                throw new RandomisationException("block size " + size + " is not a multiple of the allocation ratio total "
                        + total + " (ratio " + this.sequences.ratioText() + ")");
            }
            if (!seen.add(size)) {
                throw new RandomisationException("block size " + size + " is listed twice");
            }
            this.blockSizes[k] = size;
            this.blockContents[k] = content(this.sequences, size);
        }
    }

    /** The design a protocol prescribes; the protocol must use permuted blocks. */
    public static PermutedBlockList of(Randomisation randomisation, List<Sequence> sequences) {
        if (randomisation.method() != RandomisationMethod.PERMUTED_BLOCKS) {
            throw new RandomisationException("the protocol randomises by " + randomisation.method() + ", not by permuted blocks");
        }
        return new PermutedBlockList(sequences, randomisation.blockSizes());
    }

    /** The first {@code length} slots of the stratum's allocation list, from the trial's secret seed. */
    public static List<AllocationSlot> generate(RandomisationSeed secretSeed, List<Sequence> sequences,
                                                List<Integer> blockSizes, String stratumKey, int length) {
        return new PermutedBlockList(sequences, blockSizes).generate(secretSeed, Stratum.parse(stratumKey), length);
    }

    /**
     * The first {@code length} slots of the stratum's allocation list. Whole blocks are drawn and the last
     * is cut at {@code length}, so the list should be generated longer than the stratum will need.
     */
    public List<AllocationSlot> generate(RandomisationSeed secretSeed, Stratum stratum, int length) {
        if (length < 0) {
            throw new RandomisationException("an allocation list cannot have a negative length; got " + length);
        }
        SeededRandom random = SeededRandom.of(secretSeed, PURPOSE, stratum.key());
        List<AllocationSlot> slots = new ArrayList<>(length);
        int blockNumber = 0;
        while (slots.size() < length) {
            blockNumber++;
            int k = random.nextInt(blockSizes.length);
            int size = blockSizes[k];
            int[] block = blockContents[k].clone();
            random.shuffle(block);
            for (int j = 0; j < size && slots.size() < length; j++) {
                slots.add(new AllocationSlot(stratum, slots.size() + 1, sequences.ids[block[j]], blockNumber, size, j + 1));
            }
        }
        return slots;
    }

    public List<Integer> blockSizes() {
        List<Integer> out = new ArrayList<>(blockSizes.length);
        for (int b : blockSizes) {
            out.add(b);
        }
        return List.copyOf(out);
    }

    private static int[] content(SequenceRatios sequences, int size) {
        int multiple = size / sequences.total;
        int[] c = new int[size];
        int at = 0;
        for (int i = 0; i < sequences.size(); i++) {
            for (int n = 0; n < sequences.ratios[i] * multiple; n++) {
                c[at++] = i;
            }
        }
        return c;
    }
}
