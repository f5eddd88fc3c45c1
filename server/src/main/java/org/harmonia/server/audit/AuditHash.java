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

    /** One digest per thread for row digests: a sealing round hashes thousands of rows, each without allocating a digest. */
    private static final ThreadLocal<MessageDigest> ROW_SHA = ThreadLocal.withInitial(AuditHash::sha256);
    private static final byte[] NULL_FIELD = {-1, -1, -1, -1};

    /** The digest of a sealed row: its content, its number and its transaction, without any chain link. */
    public static byte[] rowDigest(AuditEntry e, String xid) {
        MessageDigest d = ROW_SHA.get();
        put(d, ROW_FORMAT);
        put(d, Long.toString(e.seq()));
        put(d, xid);
        put(d, e.recordedAt() == null ? null : timestamp(e.recordedAt()));
        put(d, e.actor());
        put(d, e.action());
        put(d, e.studyId());
        put(d, e.siteId());
        put(d, e.entityType());
        put(d, e.entityId());
        put(d, e.field());
        put(d, e.oldValue());
        put(d, e.newValue());
        put(d, e.reason());
        return d.digest();
    }

    /** The same length-prefixed field as {@link #field}, written straight into the digest. */
    private static void put(MessageDigest d, String value) {
        if (value == null) {
            d.update(NULL_FIELD);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        d.update((byte) (n >>> 24));
        d.update((byte) (n >>> 16));
        d.update((byte) (n >>> 8));
        d.update((byte) n);
        d.update(bytes);
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
        java.time.LocalDateTime at = java.time.LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        if (at.getYear() < 0 || at.getYear() > 9999) {
            return MICROS_UTC.format(t.truncatedTo(ChronoUnit.MICROS));
        }
        // written out by hand: a sealing round formats thousands of times, and DateTimeFormatter is slow at it
        char[] c = "0000-00-00T00:00:00.000000Z".toCharArray();
        digits(c, 0, 4, at.getYear());
        digits(c, 5, 2, at.getMonthValue());
        digits(c, 8, 2, at.getDayOfMonth());
        digits(c, 11, 2, at.getHour());
        digits(c, 14, 2, at.getMinute());
        digits(c, 17, 2, at.getSecond());
        digits(c, 20, 6, t.getNano() / 1000);
        return new String(c);
    }

    private static void digits(char[] c, int at, int width, int value) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
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
