package org.harmonia.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.harmonia.server.cli.UsageException;
import tools.jackson.core.JacksonException;

/**
 * A backup file opened for restoring: its manifest read and checked first (the zip's directory sits at its end,
 * so a truncated file is refused here before anything is restored), then the table streams one by one.
 */
final class BackupFile implements AutoCloseable {
    private final Path path;
    private final ZipFile zip;
    private final BackupManifest manifest;

    private BackupFile(Path path, ZipFile zip, BackupManifest manifest) {
        this.path = path;
        this.zip = zip;
        this.manifest = manifest;
    }

    static BackupFile open(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new UsageException("no backup file " + path);
        }
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new UsageException(path + " is not a Harmonia backup, or it is truncated or corrupt (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UsageException("cannot read " + path + ": " + e.getMessage());
        }
        try {
            ZipEntry entry = zip.getEntry(BackupManifest.ENTRY);
            if (entry == null) {
                throw new UsageException(path + " is not a Harmonia backup (it has no " + BackupManifest.ENTRY + ")");
            }
            BackupManifest manifest;
            try (InputStream in = zip.getInputStream(entry)) {
                manifest = BackupWriter.JSON.readValue(in, BackupManifest.class);
            } catch (JacksonException | IllegalArgumentException e) {
                throw new UsageException(path + " is not a Harmonia backup, or its manifest is corrupt (" + firstLine(e) + ")");
            } catch (IOException e) {
                throw new UsageException(path + " is corrupt: its manifest cannot be read (" + e.getMessage() + ")");
            }
            if (manifest.formatVersion() > BackupManifest.FORMAT_VERSION) {
                throw new UsageException(path + " is a backup of format " + manifest.formatVersion() + ", newer than this Harmonia reads ("
                        + BackupManifest.FORMAT_VERSION + "); restore it with Harmonia " + manifest.harmoniaVersion() + " or later");
            }
            for (BackupManifest.Table t : manifest.tables()) {
                if (zip.getEntry(t.entry()) == null) {
                    throw new UsageException(path + " is incomplete: table " + t.name() + " is listed but its data (" + t.entry()
                            + ") is missing");
                }
            }
            return new BackupFile(path, zip, manifest);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    private static String firstLine(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause && cause instanceof JacksonException) {
            cause = cause.getCause();
        }
        String m = String.valueOf(cause.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // the refusal being reported matters more than a failed close of a file only read
        }
    }

    Path path() {
        return path;
    }

    BackupManifest manifest() {
        return manifest;
    }

    /**
     * Reads every table stream once and checks it against the manifest (the zip's CRC, the SHA-256, the row count),
     * so that a damaged file is refused before anything is restored from it.
     */
    void verify() {
        for (BackupManifest.Table t : manifest.tables()) {
            MessageDigest sha = BackupWriter.sha256();
            long rows;
            try (InputStream in = new DigestInputStream(table(t), sha)) {
                rows = CopyStream.countRows(in, t.columns().size());
            } catch (IOException e) {
                throw new UsageException(path + " is corrupt: the data of table " + t.name() + " cannot be read ("
                        + e.getMessage() + "); nothing was restored");
            }
            String digest = HexFormat.of().formatHex(sha.digest());
            if (!digest.equals(t.sha256()) || rows != t.rows()) {
                throw new UsageException(path + " is corrupt: table " + t.name() + " holds " + rows + " rows with SHA-256 " + digest
                        + " where the manifest says " + t.rows() + " rows with " + t.sha256() + "; nothing was restored");
            }
        }
    }

    /** The table's COPY stream as written; the zip checks its CRC at the end, the caller its SHA-256. */
    InputStream table(BackupManifest.Table table) throws IOException {
        return zip.getInputStream(zip.getEntry(table.entry()));
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
