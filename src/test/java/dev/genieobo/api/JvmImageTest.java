package dev.genieobo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JVM image trains its AOT cache with the options it runs with: a cache made under another
 * collector is refused, and one made under another JIT is worse than none for the JIT it meets
 * (docs/deployment.md, "The JVM image's AOT cache"). No container engine exists on the project's machines, so the
 * Dockerfile is read, not built: the {@code -XX} options of the training run and of every start
 * must be the same set, whatever {@code JIT_OPTS} is, and C1 only is the default.
 */
@Timeout(30)
class JvmImageTest {

    private static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    private static final Path TRAINING_SCRIPT = Path.of("src/main/docker/train-aot.sh");

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), "no match for " + regex);
        return m.group(1);
    }

    /** The -XX options of a command line, the AOT cache's own option left out. */
    private static Set<String> xxOptions(String line) {
        return Arrays.stream(line.trim().split("\\s+"))
                .filter(o -> o.startsWith("-XX:") && !o.startsWith("-XX:AOTCache"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theCacheIsTrainedWithTheOptionsEveryStartUses() throws Exception {
        String file = Files.readString(DOCKERFILE);
        String jitDefault = group(file, "^ARG JIT_OPTS=\"([^\"]*)\"");
        assertEquals("-XX:TieredStopAtLevel=1", jitDefault, "C1 only unless the build says otherwise");
        int arg = file.indexOf("\nARG JIT_OPTS");
        assertTrue(file.lastIndexOf("\nFROM ") < arg && arg < file.indexOf("RUN AOT_TRAIN_OPTS"),
                "the build argument is declared in the stage (after FROM: one declared before it is"
                        + " empty inside the stage) and before the training uses it");

        String training = group(file, "^RUN AOT_TRAIN_OPTS=\"([^\"]*)\"");
        String gc = group(file, "^ENV GC_CONTAINER_OPTIONS=\"([^\"]*)\"");
        String append = group(file, "^ENV JAVA_OPTS_APPEND=\"([^\"]*)\"");
        assertTrue(training.contains("${JIT_OPTS}") && append.contains("${JIT_OPTS}"),
                "one build argument for both: " + training + " / " + append);
        assertTrue(append.contains("-XX:AOTCache=/deployments/app.aot"), append);

        // the default and --build-arg JIT_OPTS= (the empty one catches a JIT option written into one
        // side by hand, beside the build argument)
        for (String jit : new String[] { jitDefault, "" }) {
            Set<String> trained = xxOptions(training.replace("${JIT_OPTS}", jit));
            Set<String> run = xxOptions(gc + " " + append.replace("${JIT_OPTS}", jit));
            assertEquals(trained, run, "JIT_OPTS=\"" + jit + "\"");
        }

        // train-aot.sh run by hand (docs/deployment.md) trains like the image's default
        String script = Files.readString(TRAINING_SCRIPT);
        String scriptDefault = group(script, "AOT_TRAIN_OPTS:-\"([^\"]*)\"");
        assertEquals(xxOptions(training.replace("${JIT_OPTS}", jitDefault)), xxOptions(scriptDefault));
    }
}
