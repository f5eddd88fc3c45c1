package org.harmonia.server.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The hashes of the audit trail (docs/audit.md gives the layouts). Rows written before seals existed are chained
 * one by one: SHA-256 over a length-prefixed serialisation of every column but the hash itself, which the database
 * function {@code audit_row_hash} computes too. A sealed row has a digest of its own content; a seal is the SHA-256
 * over its own fields, the previous seal's hash and the digests of its rows in order.
 */
public final class AuditHash {
    /** Names the layout, so that a future layout can be told apart from this one. */
    static final String FORMAT = "harmonia-audit-v1";
    static final String ROW_FORMAT = "harmonia-audit-row-v2";
    static final String SEAL_FORMAT = "harmonia-audit-seal-v1";

    private static final DateTimeFormatter MICROS_UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AuditHash() {
    }

    /** The hash the row should carry, as 64 lower-case hex digits; the row's own hash is ignored. */
    public static String of(AuditEntry e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        field(out, FORMAT);
        field(out, Long.toString(e.seq()));
        field(out, e.recordedAt() == null ? null : timestamp(e.recordedAt()));
        field(out, e.actor());
        field(out, e.action());
        field(out, e.studyId());
        field(out, e.siteId());
        field(out, e.entityType());
        field(out, e.entityId());
        field(out, e.field());
        field(out, e.oldValue());
        field(out, e.newValue());
        field(out, e.reason());
        field(out, e.prevHash());
        return HexFormat.of().formatHex(sha256().digest(out.toByteArray()));
    }

    /** The digest of a sealed row: its content, its number and its transaction, without any chain link. */
    public static byte[] rowDigest(AuditEntry e, String xid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        field(out, ROW_FORMAT);
        field(out, Long.toString(e.seq()));
        field(out, xid);
        field(out, e.recordedAt() == null ? null : timestamp(e.recordedAt()));
        field(out, e.actor());
        field(out, e.action());
        field(out, e.studyId());
        field(out, e.siteId());
        field(out, e.entityType());
        field(out, e.entityId());
        field(out, e.field());
        field(out, e.oldValue());
        field(out, e.newValue());
        field(out, e.reason());
        return sha256().digest(out.toByteArray());
    }

    /** A seal's hash being computed: its fields first, then the digests of its rows in (xid, seq) order. */
    static final class SealDigest {
        private final MessageDigest digest = sha256();
        private long rows;

        SealDigest(long position, String xidFrom, String xidTo, String prevHash) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(128);
            field(out, SEAL_FORMAT);
            field(out, Long.toString(position));
            field(out, xidFrom);
            field(out, xidTo);
            field(out, prevHash);
            digest.update(out.toByteArray());
        }

        void add(byte[] rowDigest) {
            digest.update(rowDigest);
            rows++;
        }

        long rows() {
            return rows;
        }

        /** The hash, as 64 lower-case hex digits; the row count is hashed last, so a seal cannot be cut short. */
        String hash() {
            digest.update(ByteBuffer.allocate(8).putLong(rows).array());
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    /** A time as hashed: UTC, always six fraction digits, as PostgreSQL stores timestamps to the microsecond. */
    static String timestamp(Instant t) {
        return MICROS_UTC.format(t.truncatedTo(ChronoUnit.MICROS));
    }

    private static void field(ByteArrayOutputStream out, String value) {
        if (value == null) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
