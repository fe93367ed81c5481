package engram.topology.validate;

import java.util.regex.Pattern;

/**
 * Memory id syntax: 1 to 128 characters, letters, digits and {@code . _ : -}, starting with a letter or digit.
 * Memory ids become record keys, metric tags and snapshot file names, so they stay plain.
 */
public final class MemoryIds {
    public static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private MemoryIds() {}

    public static boolean isValid(String memoryId) {
        return memoryId != null && SYNTAX.matcher(memoryId).matches();
    }

    public static String describeProblem(String memoryId) {
        return "memory id '" + memoryId + "' does not match " + SYNTAX.pattern()
                + " (1-128 of letters, digits, '.', '_', ':', '-', starting with a letter or digit)";
    }
}
