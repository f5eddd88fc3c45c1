package org.harmonia.server.subjects;

import org.harmonia.server.locks.LockGuard;

/** A subject read for a write, with what the lock check of its casebook answered in the same round trip. */
public record SubjectForWrite(Subject subject, LockGuard.WriteCheck check) {
}
