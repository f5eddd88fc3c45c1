package org.harmonia.server.backup;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the framing of PostgreSQL's binary COPY format (a signature, then per row a field count and each field's
 * length and bytes, then -1) to count the rows of a stream without a database, so that a damaged backup is refused
 * before a restore creates anything.
 */
final class CopyStream {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    private CopyStream() {
    }

    /** The number of rows in the stream; each must have {@code columns} fields, and nothing may follow the trailer. */
    static long countRows(InputStream stream, int columns) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        byte[] scratch = new byte[8192];
        try {
            byte[] signature = new byte[SIGNATURE.length];
            in.readFully(signature);
            if (!Arrays.equals(signature, SIGNATURE)) {
                throw new IOException("not a binary COPY stream");
            }
            in.readInt(); // flags: no bit this reader depends on
            discard(in, scratch, checkedLength(in.readInt()));
            long rows = 0;
            while (true) {
                short fields = in.readShort();
                if (fields == -1) {
                    break;
                }
                if (fields != columns) {
                    throw new IOException("row " + (rows + 1) + " has " + fields + " fields, not " + columns);
                }
                for (int f = 0; f < fields; f++) {
                    int length = in.readInt();
                    if (length != -1) {
                        discard(in, scratch, checkedLength(length));
                    }
                }
                rows++;
            }
            if (in.read() != -1) {
                throw new IOException("data follows the end of the COPY stream");
            }
            return rows;
        } catch (EOFException e) {
            throw new IOException("the COPY stream ends early", e);
        }
    }

    /** Reads past the bytes rather than skipping them: a skip would pass them by the caller's checksum. */
    private static void discard(DataInputStream in, byte[] scratch, int length) throws IOException {
        int left = length;
        while (left > 0) {
            int n = in.read(scratch, 0, Math.min(left, scratch.length));
            if (n < 0) {
                throw new EOFException();
            }
            left -= n;
        }
    }

    private static int checkedLength(int length) throws IOException {
        if (length < 0) {
            throw new IOException("a negative length " + length + " in the COPY stream");
        }
        return length;
    }
}
