package dev.checkout.local.payments.wechatpay;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP/1.1 server on one address, written here because WeChat Pay's official SDK reads response header names
 * case-sensitively ({@code Wechatpay-Timestamp}) and the JDK's {@code com.sun.net.httpserver} rewrites them
 * ({@code Wechatpay-timestamp}). Jetty 12 is in the local repository (DynamoDB Local brings it) and would keep the
 * case, but a few dozen lines keep the simulator free of a server dependency and let a timeout fault hold and drop a
 * connection exactly. It serves what the simulator needs: {@code Content-Length} bodies (no chunked requests),
 * keep-alive, one thread per connection.
 */
final class LoopbackHttpServer implements AutoCloseable {
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    /** A request: header names as sent, looked up case-insensitively. */
    record Request(String method, String target, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String path() {
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        String query() {
            int query = target.indexOf('?');
            return query < 0 ? null : target.substring(query + 1);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A response: header names sent exactly as given. {@code holdAndDropMillis} >= 0 sends nothing and drops the connection after that long. */
    record Response(int status, List<Map.Entry<String, String>> headers, byte[] body, long holdAndDropMillis) {
        static Response dropAfter(long millis) {
            return new Response(0, List.of(), new byte[0], millis);
        }
    }

    interface Handler {
        Response handle(Request request);
    }

    private final ServerSocket socket;
    private final ExecutorService threads;
    private final Handler handler;
    private final List<Socket> open = new ArrayList<>();
    private volatile boolean closed;

    LoopbackHttpServer(String host, int port, Handler handler, String threadName) {
        this.handler = handler;
        try {
            this.socket = new ServerSocket(port, 64, InetAddress.getByName(host));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        threads.execute(this::accept);
    }

    int port() {
        return socket.getLocalPort();
    }

    InetSocketAddress boundAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket connection = socket.accept();
                synchronized (open) {
                    open.add(connection);
                }
                threads.execute(() -> serve(connection));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            while (!closed) {
                Request request = read(in);
                if (request == null) {
                    return;
                }
                Response response;
                try {
                    response = handler.handle(request);
                } catch (RuntimeException e) {
                    response = new Response(500, List.of(Map.entry("Content-Type", "text/plain")),
                            ("simulator error: " + e).getBytes(StandardCharsets.UTF_8), -1);
                }
                if (response.holdAndDropMillis() >= 0) {
                    Thread.sleep(response.holdAndDropMillis());
                    return;
                }
                write(out, response);
                if ("close".equalsIgnoreCase(request.header("Connection"))) {
                    return;
                }
            }
        } catch (SocketException e) {
            // the client went away
        } catch (IOException e) {
            // a malformed request or a broken connection: drop it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (open) {
                open.remove(connection);
            }
        }
    }

    private static Request read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null) {
            return null;
        }
        if (requestLine.isEmpty()) {
            requestLine = line(in);
            if (requestLine == null) {
                return null;
            }
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x request line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int headerBytes = 0;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            headerBytes += header.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new IOException("headers too long");
            }
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
        }
        if (headers.containsKey("transfer-encoding")) {
            throw new IOException("chunked requests are not served here");
        }
        int length = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : 0;
        if (length < 0 || length > MAX_BODY_BYTES) {
            throw new IOException("body too large");
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            return null;
        }
        return new Request(parts[0], parts[1], headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = buffer.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.UTF_8);
            }
            buffer.write(b);
            if (buffer.size() > MAX_HEADER_BYTES) {
                throw new IOException("line too long");
            }
        }
        return buffer.size() == 0 ? null : buffer.toString(StandardCharsets.UTF_8);
    }

    private static void write(OutputStream out, Response response) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ').append(reason(response.status())).append("\r\n");
        for (Map.Entry<String, String> header : response.headers()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        if (response.status() != 204) {
            head.append("Content-Length: ").append(response.body().length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.write(response.body());
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            default -> "Status";
        };
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        synchronized (open) {
            for (Socket connection : open) {
                try {
                    connection.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
        threads.shutdownNow();
    }
}
