package org.harmonia.server.subjects;

import java.time.LocalDate;
import org.harmonia.server.locks.LockGuard;
import org.harmonia.trial.subject.SubjectStatus;

/**
 * A subject read for a write: what a new record or a visit's recording needs of it (where it is, whether it takes data,
 * its day 0), with what the lock check of its casebook answered in the same round trip. Its screening data and
 * eligibility verdict, which a write never uses, are not read.
 */
public record SubjectForWrite(String studyId, String id, String siteId, SubjectStatus status, LocalDate dayZero,
                              LockGuard.WriteCheck check) {
}
