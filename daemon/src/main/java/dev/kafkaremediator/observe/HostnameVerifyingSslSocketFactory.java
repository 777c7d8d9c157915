package dev.kafkaremediator.observe;

import java.io.IOException;
import java.net.Socket;
import java.rmi.server.RMIClientSocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets that check the server's certificate against the host name we dialled, as HTTPS
 * does. The JDK's {@code SslRMIClientSocketFactory} checks only that the certificate is trusted
 * (before JDK-8368032), so any trusted certificate would do for any broker. Used for the RMI
 * registry lookup, which happens on our side only, so this factory is never serialized.
 */
final class HostnameVerifyingSslSocketFactory implements RMIClientSocketFactory {
    static final String ENDPOINT_IDENTIFICATION = "HTTPS";

    private final SSLSocketFactory tls;

    HostnameVerifyingSslSocketFactory(SSLSocketFactory tls) {
        this.tls = tls;
    }

    /** Over the JVM's default trust store ({@code javax.net.ssl.trustStore}), as the brokers' JMX TLS expects. */
    static HostnameVerifyingSslSocketFactory withDefaultTrust() {
        return new HostnameVerifyingSslSocketFactory((SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) tls.createSocket(host, port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(ENDPOINT_IDENTIFICATION);
        socket.setSSLParameters(parameters);
        return socket;
    }
}
