package dev.genieobo.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The project's documents hold together, with no network: every relative Markdown link of
 * README.md and docs/ leads to a file or folder of the repository (and a {@code #anchor}
 * into a Markdown file to one of its headings, slugged as GitHub does), and nothing in
 * README.md, docs/, src/, deploy/ or pom.xml cites a document that is not in the
 * repository (the design sketch and reference notes the project was started from live
 * outside it; what the project relies on of them is in docs/). Links inside code blocks
 * and code spans are examples, not links, and are not followed.
 */
@Timeout(30)
class DocsLinksTest {

    /**
     * Documents that are not in the repository, by how a citation names them. Spelled in
     * pieces so that this file does not cite them itself.
     */
    private static final List<String> OUTSIDE_DOCUMENTS = List.of("DESIGN" + ".md", "databricks" + "-wire",
            "platform" + "-notes", "seed-obo" + "-agents", ".." + "/shared");

    /**
     * The one path beside the clone that may be named: the native toolchain CI assembles
     * (.ci/run, docs/native.md), a directory of scripts, not a document.
     */
    private static final String CI_TOOLCHAIN = ".." + "/shared/tools/";

    /** What is scanned for citations of outside documents. */
    private static final List<String> SCANNED = List.of("README.md", "docs", "src", "deploy", "pom.xml");

    /** Never scanned: build output and installed npm packages (neither is the project's text). */
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "node_modules", ".git");

    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[((?:[^\\[\\]]|\\[[^\\[\\]]*\\])*)\\]\\(");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*(\\S+)");
    private static final Pattern ATX_HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private static final Path ROOT = repositoryRoot();

    @Test
    void everyRelativeLinkOfTheDocumentsLeadsIntoTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<Path> documents = documents();
        assertTrue(documents.size() > 1, "found no documents under " + ROOT);
        for (Path document : documents) {
            List<String> lines = Files.readAllLines(document, StandardCharsets.UTF_8);
            List<String> prose = withoutCode(lines);
            for (int i = 0; i < prose.size(); i++) {
                for (String target : linkTargets(prose.get(i))) {
                    String problem = problem(document, target, anchors);
                    if (problem != null) {
                        broken.add(ROOT.relativize(document) + ":" + (i + 1) + ": (" + target + ") " + problem);
                    }
                }
            }
        }
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
    }

    @Test
    void nothingCitesADocumentOutsideTheRepository() throws IOException {
        List<String> citations = new ArrayList<>();
        for (String start : SCANNED) {
            Path path = ROOT.resolve(start);
            if (!Files.exists(path)) {
                continue;
            }
            for (Path file : textFiles(path)) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                } catch (java.nio.charset.MalformedInputException binary) {
                    continue;
                }
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).replace(CI_TOOLCHAIN, "");
                    for (String outside : OUTSIDE_DOCUMENTS) {
                        if (line.contains(outside)) {
                            citations.add(ROOT.relativize(file) + ":" + (i + 1) + ": cites " + outside
                                    + ", which is not in the repository; cite the docs/ page that holds the fact");
                        }
                    }
                }
            }
        }
        assertTrue(citations.isEmpty(), "citations of documents outside the repository:\n"
                + String.join("\n", citations));
    }

    /** The slugs GitHub gives headings, which is what an anchor must match. */
    @Test
    void headingsAreSluggedAsGitHubDoes() {
        assertEquals("mcp-server--tool-ask_genie", slug("MCP server — tool `ask_genie`"));
        assertEquals("post-invocations--mlflow-chatagent", slug("`POST /invocations` — MLflow ChatAgent"));
        assertEquals("which-genie-the-configured-spaces-or-the-workspaces-own",
                slug("Which Genie: the configured spaces, or the workspace's own"));
        assertEquals("before-and-after-in-one-run-2026-12-04-1710-utc",
                slug("Before and after, in one run (2026-12-04, 17:10 UTC)"));
        assertEquals("the-simulated-workspace", slug("The [simulated workspace](docs/simulator.md)"));
        assertEquals(List.of("docs/api.md#errors", "https://example.com/x_(y)"),
                linkTargets("See [the errors](docs/api.md#errors \"Errors\") and [x](<https://example.com/x_(y)>)."));
        assertEquals(List.of(), linkTargets(withoutCode(List.of("`[not a link](nowhere.md)`")).get(0)));
    }

    /** Why a link's target is broken, or null when it is fine. */
    private static String problem(Path document, String target, Map<Path, Set<String>> anchors) throws IOException {
        if (target.isEmpty()) {
            return "is empty";
        }
        if (SCHEME.matcher(target).find() || target.startsWith("//")) {
            return null; // a web address: not checked here (no network)
        }
        int hash = target.indexOf('#');
        String pathPart = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        int query = pathPart.indexOf('?');
        if (query >= 0) {
            pathPart = pathPart.substring(0, query);
        }
        pathPart = java.net.URLDecoder.decode(pathPart.replace("+", "%2B"), StandardCharsets.UTF_8);
        Path resolved;
        if (pathPart.isEmpty()) {
            resolved = document;
        } else if (pathPart.startsWith("/")) {
            resolved = ROOT.resolve(pathPart.substring(1)).normalize();
        } else {
            resolved = document.getParent().resolve(pathPart).normalize();
        }
        if (!resolved.startsWith(ROOT)) {
            return "leads out of the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file: " + ROOT.relativize(resolved);
        }
        if (anchor == null || anchor.isEmpty() || !resolved.toString().endsWith(".md")) {
            return null;
        }
        Set<String> known = anchors.get(resolved);
        if (known == null) {
            known = anchorsOf(resolved);
            anchors.put(resolved, known);
        }
        String wanted = java.net.URLDecoder.decode(anchor, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        return known.contains(wanted) ? null
                : "no heading with the anchor #" + anchor + " in " + ROOT.relativize(resolved);
    }

    /** README.md and every Markdown file under docs/. */
    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>();
        documents.add(ROOT.resolve("README.md"));
        Path docs = ROOT.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> files = Files.walk(docs)) {
                files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(documents::add);
            }
        }
        return documents;
    }

    private static List<Path> textFiles(Path start) throws IOException {
        if (Files.isRegularFile(start)) {
            return List.of(start);
        }
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(start, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path dir,
                    java.nio.file.attribute.BasicFileAttributes attributes) {
                return SKIPPED_DIRECTORIES.contains(dir.getFileName().toString())
                        ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                        : java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path file,
                    java.nio.file.attribute.BasicFileAttributes attributes) {
                files.add(file);
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        return files;
    }

    /**
     * The lines with fenced code blocks blanked and code spans removed (line numbers
     * kept), so that examples in code are not taken for links or headings.
     */
    static List<String> withoutCode(List<String> lines) {
        List<String> prose = new ArrayList<>(lines.size());
        String fence = null;
        for (String line : lines) {
            String stripped = line.stripLeading();
            boolean indentedLittle = line.length() - stripped.length() <= 3;
            if (fence == null && indentedLittle && (stripped.startsWith("```") || stripped.startsWith("~~~"))) {
                fence = stripped.substring(0, fenceLength(stripped));
                prose.add("");
            } else if (fence != null) {
                char mark = fence.charAt(0);
                if (indentedLittle && stripped.startsWith(fence) && stripped.strip().chars().allMatch(c -> c == mark)) {
                    fence = null;
                }
                prose.add("");
            } else {
                prose.add(withoutCodeSpans(line));
            }
        }
        return prose;
    }

    private static int fenceLength(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == line.charAt(0)) {
            n++;
        }
        return n;
    }

    /** A line without its code spans: a run of backticks up to the next run of the same length. */
    private static String withoutCodeSpans(String line) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < line.length()) {
            if (line.charAt(i) != '`') {
                out.append(line.charAt(i++));
                continue;
            }
            int run = 0;
            while (i + run < line.length() && line.charAt(i + run) == '`') {
                run++;
            }
            String ticks = "`".repeat(run);
            int close = line.indexOf(ticks, i + run);
            while (close >= 0 && close + run < line.length() && line.charAt(close + run) == '`') {
                close = line.indexOf(ticks, close + run + 1);
            }
            if (close < 0) {
                out.append(ticks); // no closing run: literal backticks
                i += run;
            } else {
                i = close + run;
            }
        }
        return out.toString();
    }

    /** The targets of the inline links, images and link definitions of one line of prose. */
    static List<String> linkTargets(String line) {
        List<String> targets = new ArrayList<>();
        Matcher definition = REFERENCE_DEFINITION.matcher(line);
        if (definition.find()) {
            targets.add(unbracketed(definition.group(1)));
            return targets;
        }
        Matcher link = INLINE_LINK.matcher(line);
        int from = 0;
        while (link.find(from)) {
            int start = link.end();
            int depth = 1;
            int i = start;
            boolean angle = i < line.length() && line.charAt(i) == '<';
            while (i < line.length()) {
                char c = line.charAt(i);
                if (angle && c == '>') {
                    angle = false;
                } else if (!angle && c == '(') {
                    depth++;
                } else if (!angle && c == ')' && --depth == 0) {
                    break;
                }
                i++;
            }
            String inside = line.substring(start, Math.min(i, line.length())).strip();
            targets.add(destination(inside));
            from = Math.min(i + 1, line.length());
        }
        return targets;
    }

    /** The destination of {@code (destination "title")}. */
    private static String destination(String inside) {
        if (inside.startsWith("<")) {
            int close = inside.indexOf('>');
            return close < 0 ? inside.substring(1) : inside.substring(1, close);
        }
        int space = inside.indexOf(' ');
        return space < 0 ? inside : inside.substring(0, space);
    }

    private static String unbracketed(String target) {
        return target.startsWith("<") && target.endsWith(">") ? target.substring(1, target.length() - 1) : target;
    }

    /** The anchors a Markdown file offers: its headings' slugs (GitHub numbers repeats) and HTML anchors. */
    private static Set<String> anchorsOf(Path markdown) throws IOException {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        List<String> lines = Files.readAllLines(markdown, StandardCharsets.UTF_8);
        List<String> prose = withoutCodeButHeadings(lines);
        for (String line : prose) {
            Matcher heading = ATX_HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(2));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
            Matcher html = HTML_ANCHOR.matcher(line);
            while (html.find()) {
                anchors.add(html.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return anchors;
    }

    /** Lines outside fenced code blocks, code spans kept (a heading's code span is part of its slug). */
    private static List<String> withoutCodeButHeadings(List<String> lines) {
        List<String> blanked = withoutCode(lines);
        List<String> kept = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            // withoutCode blanks fenced lines; a line it kept is prose, taken as written
            kept.add(blanked.get(i).isEmpty() ? "" : lines.get(i));
        }
        return kept;
    }

    /**
     * GitHub's heading slug: the heading's text (links reduced to their text, code spans
     * to their content), lower case, every character that is not a letter, a digit, a
     * space, a hyphen or an underscore dropped, each space a hyphen.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }

    /**
     * The repository's root: Maven runs tests in the module's folder ({@code basedir}), an
     * IDE perhaps elsewhere inside the clone; the root is the nearest folder upwards with
     * pom.xml, README.md and src/.
     */
    private static Path repositoryRoot() {
        String basedir = System.getProperty("basedir");
        Path start = (basedir != null ? Path.of(basedir) : Path.of("")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("README.md"))
                    && Files.isDirectory(dir.resolve("src"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (pom.xml, README.md, src/) at or above " + start);
    }
}
