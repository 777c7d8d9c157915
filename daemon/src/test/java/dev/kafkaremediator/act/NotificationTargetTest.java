package dev.kafkaremediator.act;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaremediator.config.NotifierConfig;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** #22 point 11: where a notifier's POST goes; an Alertmanager base URL gets /api/v2/alerts on its path, its query kept as a query. */
class NotificationTargetTest {
    private static URI target(NotifierConfig.Type type, String url) {
        return NotificationPayloads.target(new NotifierConfig("n", type, URI.create(url), Duration.ofSeconds(2), 0));
    }

    @Test
    void aQueryStringStaysAQueryAfterTheAlertsPath() {
        assertThat(target(NotifierConfig.Type.ALERTMANAGER, "http://am/?token=X")).hasToString("http://am/api/v2/alerts?token=X");
        assertThat(target(NotifierConfig.Type.ALERTMANAGER, "http://am:9093?token=X&org=a%20b")).hasToString("http://am:9093/api/v2/alerts?token=X&org=a%20b");
        assertThat(target(NotifierConfig.Type.ALERTMANAGER, "https://proxy/am/?token=X#frag")).hasToString("https://proxy/am/api/v2/alerts?token=X");
        assertThat(target(NotifierConfig.Type.ALERTMANAGER, "http://user:p%40ss@am:9093/")).hasToString("http://user:p%40ss@am:9093/api/v2/alerts");
    }

    @Test
    void plainBaseUrlsAndFullUrlsAsBefore() {
        assertThat(target(NotifierConfig.Type.ALERTMANAGER, "http://am:9093")).hasToString("http://am:9093/api/v2/alerts");
        assertThat(target(NotifierConfig.Type.ALERTMANAGER, "http://am:9093//")).hasToString("http://am:9093/api/v2/alerts");
        assertThat(target(NotifierConfig.Type.ALERTMANAGER, "http://am:9093/api/v2/alerts?token=X")).hasToString("http://am:9093/api/v2/alerts?token=X");
        assertThat(target(NotifierConfig.Type.WEBHOOK, "http://hook/x?token=X")).hasToString("http://hook/x?token=X");
    }
}
