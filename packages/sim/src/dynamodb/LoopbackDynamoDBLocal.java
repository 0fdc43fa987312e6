import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

// DynamoDB Local, bound to one address. Its own command line has no bind-address option: its
// Jetty server listens on every interface, so anyone on the network could read and write the
// history. This runs the same server (same arguments, parsed by DynamoDB Local itself) after
// setting the host of its connector, and refuses to start if that could not be done.
// It also ends itself when its standard input closes: the Node process that started it holds
// the other end, so it cannot outlive that process, however that process dies (even SIGKILL).
// Run by `java` in source-file mode (no build step); embedded.ts passes the host in
// -Dguardrails.host. The telemetry DynamoDB Local's own main would configure is left off.
public class LoopbackDynamoDBLocal {
  public static void main(String[] args) throws Exception {
    String host = System.getProperty("guardrails.host", "127.0.0.1");
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    for (Connector connector : connectors) ((ServerConnector) connector).setHost(host);
    exitWhenInputCloses();
    // safeStart, unlike start, fails (and so exits) when the port is taken.
    proxy.safeStart();
    proxy.join();
  }

  private static void exitWhenInputCloses() {
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // Nothing is ever sent; reading only waits for the end.
        }
      } catch (java.io.IOException ignored) {
        // A broken pipe is an end too.
      }
      System.exit(0);
    }, "guardrails-parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
