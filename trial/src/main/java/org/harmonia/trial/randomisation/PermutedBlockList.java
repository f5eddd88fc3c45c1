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
    /** The purpose under which the list-extension key is derived from the seed. */
    public static final String EXTENSION_PURPOSE = "list-extension";

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

    /**
     * The key from which lists are extended beyond their generated length: the stream key of purpose
     * {@code list-extension} and an empty context, {@code HMAC-SHA256(seed, label)}. A server stores it
     * instead of the seed: it reproduces every extension, but (HMAC being one-way) neither the seed, nor
     * the generated lists, nor the kits of the seed's own streams.
     */
    public static RandomisationSeed extensionKey(RandomisationSeed secretSeed) {
        return RandomisationSeed.ofBytes(SeededRandom.streamKey(secretSeed, EXTENSION_PURPOSE, ""));
    }

    /**
     * The context of block {@code blockNumber} of a stratum in an extension: the stratum key, then
     * {@code |block } and the number ({@code subTrial=italy|block 17}); a stratum key never holds {@code |}
     * in a factor or value, so no two blocks share a context. Extension blocks and their kit batches are
     * drawn from the extension key under this context.
     */
    public static String extensionContext(Stratum stratum, int blockNumber) {
        return stratum.key() + "|block " + blockNumber;
    }

    /**
     * Slots continuing a stratum's list beyond what is stored, from the extension key: first the rest of the
     * stored last block if it was cut (its missing sequences, in an order drawn from that block's stream), then
     * whole new blocks, each drawn from its own stream {@code (extension key, "permuted-blocks",
     * extensionContext(stratum, n))} exactly as {@link #generate} draws a block (size, then shuffle), until at
     * least {@code atLeast} new slots exist. So every block stays balanced, and an extension depends only on the
     * key, the stratum, the design and the stored last block.
     *
     * @param lastBlock the slots of the stored list's last block, in position order (empty for a stratum without a list)
     */
    public List<AllocationSlot> extend(RandomisationSeed extensionKey, Stratum stratum, List<AllocationSlot> lastBlock, int atLeast) {
        if (atLeast < 1) {
            throw new RandomisationException("an extension adds at least one slot; asked for " + atLeast);
        }
        List<AllocationSlot> slots = new ArrayList<>();
        int position = 0;
        int blockNumber = 0;
        if (!lastBlock.isEmpty()) {
            AllocationSlot first = lastBlock.get(0);
            int size = first.blockSize();
            blockNumber = first.blockNumber();
            position = first.position() - 1;
            int[] missing = missing(lastBlock, stratum, size);
            position += lastBlock.size();
            SeededRandom random = SeededRandom.of(extensionKey, PURPOSE, extensionContext(stratum, blockNumber));
            random.shuffle(missing);
            for (int j = 0; j < missing.length; j++) {
                slots.add(new AllocationSlot(stratum, ++position, sequences.ids[missing[j]], blockNumber, size, lastBlock.size() + j + 1));
            }
        }
        while (slots.size() < atLeast) {
            blockNumber++;
            SeededRandom random = SeededRandom.of(extensionKey, PURPOSE, extensionContext(stratum, blockNumber));
            int k = random.nextInt(blockSizes.length);
            int size = blockSizes[k];
            int[] block = blockContents[k].clone();
            random.shuffle(block);
            for (int j = 0; j < size; j++) {
                slots.add(new AllocationSlot(stratum, ++position, sequences.ids[block[j]], blockNumber, size, j + 1));
            }
        }
        return slots;
    }

    /** The sequences (as indices, in canonical order) a stored last block still lacks; checks the block is one block. */
    private int[] missing(List<AllocationSlot> lastBlock, Stratum stratum, int size) {
        if (size % sequences.total != 0 || lastBlock.size() > size) {
            throw new RandomisationException("the last block of stratum " + stratum.key() + " does not fit this design");
        }
        AllocationSlot first = lastBlock.get(0);
        int[] left = new int[sequences.size()];
        for (int i = 0; i < left.length; i++) {
            left[i] = sequences.ratios[i] * (size / sequences.total);
        }
        for (int j = 0; j < lastBlock.size(); j++) {
            AllocationSlot s = lastBlock.get(j);
            int i = sequences.indexOf(s.sequenceId());
            if (!s.stratum().equals(stratum) || s.blockNumber() != first.blockNumber() || s.blockSize() != size
                    || s.position() != first.position() + j || s.positionInBlock() != j + 1 || --left[i] < 0) {
                throw new RandomisationException("the last block of stratum " + stratum.key() + " is not one block of this design");
            }
        }
        int[] out = new int[size - lastBlock.size()];
        int at = 0;
        for (int i = 0; i < left.length; i++) {
            for (int n = 0; n < left[i]; n++) {
                out[at++] = i;
            }
        }
        return out;
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
