package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** After all other end-to-end traffic, no client key appears anywhere in the nodes' output. */
@Order(3)
class LogHygieneIT {

    @Test
    void nodeOutput_containsNoClientKeys() throws IOException {
        E2eCluster cluster = E2eCluster.get();
        for (NodeProcess node : new NodeProcess[] {cluster.nodeA, cluster.nodeB}) {
            String output = Files.readString(node.log());
            assertThat(output).as(node.log().toString()).contains("sluice.access");
            assertThat(output).as(node.log().toString()).doesNotContain(E2eCluster.KEY);
            assertThat(output).as(node.log().toString()).doesNotContain("sk-wrong");
            assertThat(output).as(node.log().toString()).doesNotContain(E2eCluster.ADMIN_KEY);
        }
    }
}
