package dev.kafkaremediator.testsupport;

import dev.kafkaremediator.observe.ClusterAdmin;
import dev.kafkaremediator.observe.SourceFailure;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;

/** An Admin that answers nothing until it is closed or abandoned: a cluster whose brokers accept connections and never reply. */
public final class SilentClusterAdmin {
    private SilentClusterAdmin() {
    }

    public static ClusterAdmin create() {
        CountDownLatch closed = new CountDownLatch(1);
        return (ClusterAdmin) Proxy.newProxyInstance(ClusterAdmin.class.getClassLoader(), new Class<?>[] {ClusterAdmin.class}, (proxy, method, args) -> {
            if (method.getName().equals("close") || method.getName().equals("abandon")) {
                closed.countDown();
                return null;
            }
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? "silent admin" : method.getName().equals("hashCode") ? 0 : proxy == args[0];
            }
            closed.await();
            throw new SourceFailure(method.getName() + ": abandoned");
        });
    }
}
