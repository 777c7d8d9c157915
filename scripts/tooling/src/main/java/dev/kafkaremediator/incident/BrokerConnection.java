package dev.kafkaremediator.incident;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One plain TCP connection to one broker speaking Kafka's protocol with the Java client's own
 * request and response classes, one request at a time (the broker answers a connection's
 * requests in order). The versions are negotiated once with ApiVersions, as every client does.
 * For the generator only: a real client (metadata, retries, batching) is {@code KafkaProducer}.
 */
final class BrokerConnection implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String clientId;
    private final Map<ApiKeys, Short> versions = new EnumMap<>(ApiKeys.class);
    private int correlationId;

    BrokerConnection(String host, int port, String clientId, Duration timeout) throws IOException {
        this.clientId = clientId;
        this.socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
            ApiVersionsResponse answer = (ApiVersionsResponse) send(new ApiVersionsRequest.Builder(), ApiKeys.API_VERSIONS.latestVersion());
            if (answer.data().errorCode() != Errors.NONE.code()) {
                throw new IOException("ApiVersions from " + host + ":" + port + ": " + Errors.forCode(answer.data().errorCode()));
            }
            for (ApiVersionsResponseData.ApiVersion v : answer.data().apiKeys()) {
                if (ApiKeys.hasId(v.apiKey())) {
                    ApiKeys key = ApiKeys.forId(v.apiKey());
                    short mine = key.latestVersion();
                    if (v.minVersion() <= mine) {
                        versions.put(key, (short) Math.min(mine, v.maxVersion()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends one request at the version both sides support and waits (within the socket timeout) for its response. */
    AbstractResponse send(AbstractRequest.Builder<?> request, ApiKeys key) throws IOException {
        Short version = versions.get(key);
        if (version == null) {
            throw new IOException("the broker at " + socket.getRemoteSocketAddress() + " does not support " + key + " at a version this client has");
        }
        return send(request, version);
    }

    private AbstractResponse send(AbstractRequest.Builder<?> request, short version) throws IOException {
        RequestHeader header = new RequestHeader(request.apiKey(), version, clientId, ++correlationId);
        ByteBuffer bytes = request.build(version).serializeWithHeader(header);
        out.writeInt(bytes.remaining());
        if (bytes.hasArray()) {
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        } else {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            out.write(copy);
        }
        out.flush();
        int size = in.readInt();
        if (size < 0 || size > 64 * 1024 * 1024) {
            throw new IOException("response of " + size + " bytes from " + socket.getRemoteSocketAddress() + ": not a Kafka response");
        }
        byte[] response = new byte[size];
        in.readFully(response);
        return AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
