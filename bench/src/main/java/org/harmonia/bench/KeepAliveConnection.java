package org.harmonia.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One client's HTTP/1.1 connection to the server under load: a request written in one piece, the answer's status read
 * and its body read to the end and dropped, the connection kept for the next request unless the server closes it
 * (Tomcat does after a number of requests), then opened again. A blocking socket per client thread instead of
 * {@code java.net.http.HttpClient}, whose asynchronous machinery cost about 0.3 ms of CPU per request on the two-core
 * benchmark machine, CPU taken from the server and its database, which share that machine; pgbench's own client costs
 * about 0.1 ms per transaction. Plain HTTP only (the benchmark's server listens on localhost).
 */
final class KeepAliveConnection implements AutoCloseable {
    private final InetSocketAddress address;
    private final String hostHeader;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    KeepAliveConnection(URI base, Duration timeout) {
        if (!"http".equals(base.getScheme()) || base.getPort() < 0) {
            throw new IllegalArgumentException("an http URL with a port: " + base);
        }
        this.address = new InetSocketAddress(base.getHost(), base.getPort());
        this.hostHeader = base.getHost() + ":" + base.getPort();
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    /**
     * Sends a request and reads its answer; returns the status. {@code headers} are complete header lines, each ending
     * in CRLF; Host, Content-Length and the blank line are added here. An I/O error closes the connection and is thrown:
     * the request may or may not have reached the server.
     */
    int send(String method, String path, String headers, byte[] body) throws IOException {
        if (socket == null) {
            open();
        }
        try {
            StringBuilder head = new StringBuilder(256 + headers.length()).append(method).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n").append(headers);
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return readResponse();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(address, timeoutMillis);
        s.setSoTimeout(timeoutMillis);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        out = new BufferedOutputStream(s.getOutputStream(), 8 * 1024);
    }

    private int readResponse() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                throw new IOException("malformed header line: " + h);
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> {
                }
            }
        }
        // the clients send GET and POST without Expect: 100-continue; 204 and 304 are the answers without a body
        if (status != 204 && status != 304) {
            if (chunked) {
                for (long size = chunkSize(); size > 0; size = chunkSize()) {
                    skip(size);
                    expectCrlf();
                }
                while (!line().isEmpty()) {
                    // trailer fields, none expected
                }
            } else if (length >= 0) {
                skip(length);
            } else {
                // no length: the body runs to the end of the connection
                while (in.read() >= 0) {
                    // drop it
                }
                closeAfter = true;
            }
        }
        if (closeAfter) {
            close();
        }
        return status;
    }

    private long chunkSize() throws IOException {
        String l = line();
        int semi = l.indexOf(';');
        return Long.parseLong((semi < 0 ? l : l.substring(0, semi)).trim(), 16);
    }

    private void expectCrlf() throws IOException {
        if (!line().isEmpty()) {
            throw new IOException("a chunk not followed by CRLF");
        }
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("the connection closed inside a body");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }

    /** A line without its CRLF, in ISO-8859-1 (status and header lines are ASCII). */
    private String line() throws IOException {
        StringBuilder b = new StringBuilder(64);
        for (int c = in.read(); ; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the connection closed inside an answer's head");
            }
            if (c == '\n') {
                int len = b.length();
                if (len > 0 && b.charAt(len - 1) == '\r') {
                    b.setLength(len - 1);
                }
                return b.toString();
            }
            b.append((char) c);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing more to do with it
            }
            socket = null;
            in = null;
            out = null;
        }
    }
}
