package org.harmonia.server.audit;

import java.time.Instant;

/** One recorded run of the chain verification: when, by whom, and its outcome. */
public record ChainCheck(long id, Instant checkedAt, String checkedBy, ChainVerification result) {
}
