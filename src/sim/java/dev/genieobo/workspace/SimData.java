package dev.genieobo.workspace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The simulated data: table {@code sales(region, product, amount)} and each
 * user's row filter, plus the handful of questions the simulated Genie
 * understands. Answers are computed from the rows the asking user may see.
 */
final class SimData {

    record Row(String region, String product, long amount) {
    }

    /** One answer: a terminal status, the SQL, columns and rows, and Genie's text. */
    record Answer(String status, String sql, String description, List<String> columns, List<List<String>> rows,
            String text) {
    }

    static final List<Row> SALES = List.of(
            new Row("EMEA", "widgets", 1200), new Row("EMEA", "gadgets", 800),
            new Row("AMER", "widgets", 3000), new Row("AMER", "gadgets", 450),
            new Row("APAC", "widgets", 700), new Row("APAC", "gadgets", 300));

    /** Which regions each user sees; a user missing here has no access to the space. */
    static final Map<String, Set<String>> REGIONS = Map.of(
            "alice", Set.of("EMEA"),
            "bob", Set.of("AMER"),
            "dana", Set.of("EMEA", "AMER", "APAC"));

    static final Set<String> USERS = Set.of("alice", "bob", "carol", "dana");

    /** Genie's terminal statuses. */
    static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED", "QUERY_RESULT_EXPIRED");

    /** Space "Inventory" (table inventory(warehouse, product, units), no row filter), for the workspace's Genie. */
    static final String INVENTORY_SPACE = "01f0c0ffee5a1e5000000000000000b2";
    /** Who may use the Inventory space; the others' inventory questions go to Sales. */
    static final Set<String> INVENTORY_USERS = Set.of("alice", "dana");
    static final List<Row> INVENTORY = List.of(
            new Row("Rotterdam", "widgets", 40), new Row("Newark", "widgets", 25), new Row("Singapore", "gadgets", 10));

    private SimData() {
    }

    static boolean mayUseSpace(String user) {
        return REGIONS.containsKey(user);
    }

    /**
     * The space the workspace's Genie chooses for a question, among those the user may
     * use: Inventory for questions about stock or inventory (for its users), Sales
     * otherwise; null when the user may use no space.
     */
    static String route(String user, String question) {
        String q = question.toLowerCase(Locale.ROOT);
        if ((q.contains("inventory") || q.contains("stock") || q.contains("units"))
                && INVENTORY_USERS.contains(user)) {
            return INVENTORY_SPACE;
        }
        return mayUseSpace(user) ? SimulatedWorkspace.SALES_SPACE : null;
    }

    /** An answer from a space: Inventory's, or Sales' ({@link #answer(String, String)}). */
    static Answer answer(String user, String question, String space) {
        if (!INVENTORY_SPACE.equals(space)) {
            return answer(user, question);
        }
        long units = INVENTORY.stream().mapToLong(Row::amount).sum();
        return new Answer("COMPLETED", "SELECT SUM(units) AS units FROM inventory", "Units in stock",
                List.of("units"), List.of(List.of(String.valueOf(units))), "There are " + units + " units in stock.");
    }

    static Answer answer(String user, String question) {
        String q = question.toLowerCase(Locale.ROOT);
        List<Row> rows = SALES.stream().filter(r -> REGIONS.getOrDefault(user, Set.of()).contains(r.region())).toList();
        if (q.contains("fail")) {
            return new Answer("FAILED", null, null, List.of(), List.of(),
                    "Message processing failed: the SQL warehouse rejected the generated query");
        }
        if (q.contains("cancel")) {
            return new Answer("CANCELLED", null, null, List.of(), List.of(), "The query was cancelled.");
        }
        if (q.contains("expire")) {
            return new Answer("QUERY_RESULT_EXPIRED", null, null, List.of(), List.of(), "The query result expired.");
        }
        if (q.contains("by product")) {
            return grouped(rows, "product", Row::product);
        }
        if (q.contains("by region")) {
            return grouped(rows, "region", Row::region);
        }
        if (q.contains("number of rows") || q.contains("how many rows") || q.contains("count")) {
            return new Answer("COMPLETED", "SELECT COUNT(*) AS row_count FROM sales", "Number of sales rows",
                    List.of("row_count"), List.of(List.of(String.valueOf(rows.size()))),
                    "There are " + rows.size() + " rows.");
        }
        if (q.contains("total") || q.contains("sum")) {
            long total = rows.stream().mapToLong(Row::amount).sum();
            return new Answer("COMPLETED", "SELECT SUM(amount) AS total FROM sales", "Total sales amount",
                    List.of("total"), List.of(List.of(String.valueOf(total))),
                    "The total sales amount is " + total + ".");
        }
        if (q.contains("list") || q.contains("rows") || q.contains("show")) {
            List<List<String>> out = new ArrayList<>();
            rows.forEach(r -> out.add(List.of(r.region(), r.product(), String.valueOf(r.amount()))));
            return new Answer("COMPLETED", "SELECT region, product, amount FROM sales", "All sales rows",
                    List.of("region", "product", "amount"), out, "Here are the " + rows.size() + " rows.");
        }
        return new Answer("COMPLETED", null, null, List.of(), List.of(),
                "I can answer: the total amount, the number of rows, the amount by product or by region, "
                        + "or list the rows of table sales.");
    }

    private static Answer grouped(List<Row> rows, String column, Function<Row, String> key) {
        Map<String, Long> sums = new LinkedHashMap<>();
        rows.stream().sorted(Comparator.comparing(key))
                .forEach(r -> sums.merge(key.apply(r), r.amount(), Long::sum));
        List<List<String>> out = new ArrayList<>();
        sums.forEach((k, v) -> out.add(List.of(k, String.valueOf(v))));
        return new Answer("COMPLETED",
                "SELECT " + column + ", SUM(amount) AS amount FROM sales GROUP BY " + column + " ORDER BY " + column,
                "Amount by " + column, List.of(column, "amount"), out, "Amount by " + column + ".");
    }
}
