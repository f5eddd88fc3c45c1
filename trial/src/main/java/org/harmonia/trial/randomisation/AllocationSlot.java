package org.harmonia.trial.randomisation;

/**
 * One line of a permuted-block allocation list: the {@code position}-th patient randomised in the stratum
 * (1-based) gets {@code sequenceId}; the block it belongs to is kept for the unblinded statistician's checks
 * and must never be shown to a blinded user.
 */
public record AllocationSlot(Stratum stratum, int position, String sequenceId, int blockNumber, int blockSize,
                             int positionInBlock) {
    public AllocationSlot {
        if (stratum == null || sequenceId == null) {
            throw new RandomisationException("an allocation slot needs a stratum and a sequence");
        }
        if (position < 1 || blockNumber < 1 || blockSize < 1) {
            throw new RandomisationException("allocation slot: position, block number and block size start at 1");
        }
        if (positionInBlock < 1 || positionInBlock > blockSize) {
            throw new RandomisationException("allocation slot: position in block " + positionInBlock + " is outside a block of " + blockSize);
        }
    }
}
