package dev.kafkaremediator.act;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read to a bound, the rest refused: a receiver's answer is only ever shown in a
 * failure message, and one answering 200 with hundreds of megabytes must not fill the daemon's
 * small heap (issue 22 point 2). At the bound the subscription is cancelled, which closes the
 * connection, and the body completes with what was read.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<String> {
    /** Enough for Alertmanager's or Slack's error text. */
    static final int LIMIT = 4096;

    private final int limit;
    private final ByteArrayOutputStream read = new ByteArrayOutputStream();
    private final CompletableFuture<String> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    BoundedBody(int limit) {
        this.limit = limit;
    }

    static HttpResponse.BodyHandler<String> handler() {
        return info -> new BoundedBody(LIMIT);
    }

    @Override
    public CompletionStage<String> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer item : items) {
            int n = Math.min(item.remaining(), limit - read.size());
            byte[] chunk = new byte[n];
            item.get(chunk);
            read.write(chunk, 0, n);
            if (read.size() >= limit) {
                subscription.cancel();
                body.complete(text() + "…");
                return;
            }
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        body.complete(text());
    }

    private String text() {
        return read.toString(StandardCharsets.UTF_8);
    }
}
