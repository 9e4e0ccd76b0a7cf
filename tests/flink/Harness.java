// Runs many exported windowpane Flink jobs in one JVM: for each batch of job classes, one Flink
// job on a local mini-cluster (parallelism 1) holding every class's pipeline side by side, each
// output line tagged with its class. Usage: java Harness CLASSES_FILE BATCH_SIZE
// Prints "CLASS<TAB>LINE" for every line a job emits (its pane records and side-output records,
// each stream in its own order).

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

public class Harness {
  static final class Tag implements MapFunction<String, String> {
    private final String name;

    Tag(String name) {
      this.name = name;
    }

    @Override
    public String map(String line) {
      return name + "\t" + line;
    }
  }

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    List<String> names = Files.readAllLines(Path.of(args[0]));
    int batch = Integer.parseInt(args[1]);
    Configuration conf = new Configuration();
    // Many small pipelines share one slot: give the network stack room for their channels.
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("256m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("256m"));
    for (int i = 0; i < names.size(); i += batch) {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
      env.setParallelism(1);
      DataStream<String> all = null;
      for (String name : names.subList(i, Math.min(names.size(), i + batch))) {
        DataStream<String> lines = (DataStream<String>) Class.forName(name)
            .getMethod("job", StreamExecutionEnvironment.class)
            .invoke(null, env);
        DataStream<String> tagged = lines.map(new Tag(name));
        all = all == null ? tagged : all.union(tagged);
      }
      try (CloseableIterator<String> it = all.executeAndCollect("windowpane flink conformance, batch " + i / batch)) {
        while (it.hasNext()) {
          System.out.println(it.next());
        }
      }
      System.out.println("#done\t" + Math.min(names.size(), i + batch));
    }
  }
}
