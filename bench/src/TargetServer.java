import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * Benchmark target: a single-threaded NIO HTTP/1.1 server on loopback. {@code GET /small} answers a
 * 512-byte page; {@code GET /big?n=BYTES} streams BYTES zero bytes from one reused 256 KiB buffer, so
 * a 1 GiB body is never held in memory. Keep-alive unless the request says {@code Connection: close}.
 * Idle connections (a tunnel with no request yet) cost one key and a 4 KiB buffer.
 *
 * <p>Usage: {@code java -cp bench/out/classes TargetServer PORT} (127.0.0.1 only).
 */
public final class TargetServer {
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(256 * 1024);
    private static final byte[] SMALL_BODY = "x".repeat(512).getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEAD = 16 * 1024;

    /** Per-connection state: request bytes read so far, and the response still being written. */
    private static final class Conn {
        ByteBuffer in = ByteBuffer.allocate(4096);
        ByteBuffer head;          // response head (and small body) not yet written
        long bodyLeft;            // streamed zero bytes still to write
        boolean closeAfter;
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        System.out.println("target listening on 127.0.0.1:" + port);
        while (true) {
            selector.select();
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey key = it.next();
                it.remove();
                try {
                    if (!key.isValid()) continue;
                    if (key.isAcceptable()) accept(server, selector);
                    else {
                        if (key.isReadable()) read(key);
                        if (key.isValid() && key.isWritable()) write(key);
                    }
                } catch (IOException | RuntimeException e) {
                    close(key);
                }
            }
        }
    }

    private static void accept(ServerSocketChannel server, Selector selector) throws IOException {
        for (int i = 0; i < 256; i++) {
            SocketChannel ch = server.accept();
            if (ch == null) return;
            ch.configureBlocking(false);
            ch.socket().setTcpNoDelay(true);
            ch.register(selector, SelectionKey.OP_READ, new Conn());
        }
    }

    private static void read(SelectionKey key) throws IOException {
        Conn c = (Conn) key.attachment();
        SocketChannel ch = (SocketChannel) key.channel();
        if (!c.in.hasRemaining()) {
            if (c.in.capacity() >= MAX_HEAD) { close(key); return; }
            ByteBuffer bigger = ByteBuffer.allocate(c.in.capacity() * 2);
            c.in.flip();
            bigger.put(c.in);
            c.in = bigger;
        }
        int n = ch.read(c.in);
        if (n < 0) { close(key); return; }
        if (c.head == null && c.bodyLeft == 0) tryParse(key, c);
    }

    /** Parses one complete request head from the input buffer, if there is one, and queues its answer. */
    private static void tryParse(SelectionKey key, Conn c) throws IOException {
        int end = headEnd(c.in);
        if (end < 0) return;
        String head = new String(c.in.array(), 0, end, StandardCharsets.ISO_8859_1);
        c.in.flip();
        c.in.position(end);
        c.in.compact();
        int sp1 = head.indexOf(' ');
        int sp2 = head.indexOf(' ', sp1 + 1);
        if (sp1 < 0 || sp2 < 0) { close(key); return; }
        String target = head.substring(sp1 + 1, sp2);
        if (target.startsWith("http://")) target = target.substring(target.indexOf('/', 7));
        c.closeAfter = head.toLowerCase().contains("\r\nconnection: close");
        String conn = c.closeAfter ? "close" : "keep-alive";
        if (target.startsWith("/big")) {
            long n = Long.parseLong(target.substring(target.indexOf("n=") + 2));
            c.head = ascii("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                    + n + "\r\nConnection: " + conn + "\r\n\r\n");
            c.bodyLeft = n;
        } else if (target.startsWith("/small")) {
            byte[] h = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + SMALL_BODY.length
                    + "\r\nConnection: " + conn + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            c.head = ByteBuffer.allocate(h.length + SMALL_BODY.length).put(h).put(SMALL_BODY).flip();
        } else {
            c.head = ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: " + conn + "\r\n\r\n");
        }
        key.interestOps(SelectionKey.OP_WRITE);
        write(key);
    }

    private static void write(SelectionKey key) throws IOException {
        Conn c = (Conn) key.attachment();
        SocketChannel ch = (SocketChannel) key.channel();
        if (c.head != null) {
            ch.write(c.head);
            if (c.head.hasRemaining()) return;
            c.head = null;
        }
        while (c.bodyLeft > 0) {
            ByteBuffer z = ZEROS.duplicate();
            if (c.bodyLeft < z.capacity()) z.limit((int) c.bodyLeft);
            int n = ch.write(z);
            c.bodyLeft -= n;
            if (n == 0) return;
        }
        if (c.closeAfter) { close(key); return; }
        key.interestOps(SelectionKey.OP_READ);
        if (c.in.position() > 0) tryParse(key, c);
    }

    private static int headEnd(ByteBuffer in) {
        byte[] a = in.array();
        for (int i = 3; i < in.position(); i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') return i + 1;
        }
        return -1;
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static void close(SelectionKey key) {
        key.cancel();
        try { key.channel().close(); } catch (IOException ignored) { }
    }
}
