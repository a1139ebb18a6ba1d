package io.proxysaas.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** Plain client sockets for tests that watch a server close them: from a chosen loopback address, with deadlines. */
public final class LoopbackSockets {

    private LoopbackSockets() {
    }

    /**
     * Connects to 127.0.0.1:{@code port} (within 2 s) from {@code localIp} (null: any), reads time out after 10 s.
     */
    public static Socket connect(int port, String localIp) throws IOException {
        Socket s = new Socket();
        try {
            if (localIp != null) {
                s.bind(new InetSocketAddress(localIp, 0));
            }
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            s.setSoTimeout(10_000);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** True when the server closed the socket (EOF or reset) before the read deadline. */
    public static boolean closedByServer(Socket socket) {
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the closing side
        }
    }
}
