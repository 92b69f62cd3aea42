import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * DynamoDB Local's command line, listening on 127.0.0.1 only. DynamoDB Local has no option for the
 * address and listens on every interface; this sets its connectors' host before it starts.
 * localstack.sh makes it the main class of the DynamoDBLocal.jar that LocalStack starts.
 */
public final class LoopbackServerRunner {
    private LoopbackServerRunner() {
    }

    public static void main(String[] arguments) throws Exception {
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(arguments);
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server server = (Server) field.get(proxy);
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector network) {
                network.setHost("127.0.0.1");
            }
        }
        proxy.start();
        proxy.join();
    }
}
