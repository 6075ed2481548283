package io.serialtrace.support.settings;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code @ConfigMapping} interface's source and finds the settings without a Javadoc
 * comment (as Debezium's ConfigDefinitionMetadataTest does for its settings): that comment is the
 * setting's reference. The settings themselves come from the interface (its abstract methods and
 * those of its nested groups), so a new one cannot be missed, and each declaration found in the
 * source is checked on its own, so two groups with a same-named setting each need their comment.
 */
public final class SettingsDocumentation {

  /** A setting declared on one line: a type, a name, no parameters, no body. */
  private static final Pattern DECLARATION =
      Pattern.compile(
          "^\\s+(?!return\\b|throw\\b)[\\w.]+(?:<[\\w.<>, ?]+>)?\\s+(\\w+)\\(\\);\\s*$");

  /** Fewest characters (spaces and stars aside) a comment needs to say something. */
  static final int SUBSTANCE = 15;

  private SettingsDocumentation() {}

  /** Where the build finds the source of a (top-level) settings interface of the module. */
  public static Path mainSource(Class<?> mapping) {
    return Path.of("src/main/java", mapping.getName().replace('.', '/') + ".java");
  }

  /** Every setting of {@code mapping}: its abstract methods and those of its nested groups. */
  public static List<String> settings(Class<?> mapping) {
    List<String> settings = new ArrayList<>();
    for (Method method : mapping.getDeclaredMethods()) {
      if (Modifier.isAbstract(method.getModifiers()) && !method.isSynthetic()) {
        settings.add(method.getName());
      }
    }
    for (Class<?> nested : mapping.getDeclaredClasses()) {
      if (nested.isInterface()) {
        settings.addAll(settings(nested));
      }
    }
    return settings.stream().sorted().toList();
  }

  /**
   * What is wrong with the documentation of {@code mapping} in {@code source}, one line per problem
   * naming the setting; empty when every setting has a comment of substance.
   */
  public static List<String> problems(Class<?> mapping, String source) {
    List<String> lines = source.lines().toList();
    List<String> declared = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher declaration = DECLARATION.matcher(lines.get(i));
      if (declaration.matches()) {
        String setting = declaration.group(1);
        declared.add(setting);
        if (comment(lines, i).replaceAll("[*\\s]", "").length() < SUBSTANCE) {
          problems.add(setting + " (line " + (i + 1) + ") has no Javadoc comment of substance");
        }
      }
    }
    List<String> unread = new ArrayList<>(settings(mapping));
    declared.forEach(unread::remove);
    unread.forEach(
        setting ->
            problems.add(
                setting + " is not declared on one line of the source: the check cannot read it"));
    return problems;
  }

  /** The text of the {@code /** ... *}{@code /} comment above line {@code at}, past annotations. */
  private static String comment(List<String> lines, int at) {
    int end = at - 1;
    for (int annotation = annotationAbove(lines, end);
        annotation >= 0;
        annotation = annotationAbove(lines, end)) {
      end = annotation - 1;
    }
    if (end < 0 || !lines.get(end).strip().endsWith("*/")) {
      return "";
    }
    int start = end;
    while (start >= 0 && !lines.get(start).contains("/**")) {
      start--;
    }
    if (start < 0) {
      return "";
    }
    String text = String.join("\n", lines.subList(start, end + 1)).strip();
    return text.substring(text.indexOf("/**") + 3, text.length() - 2);
  }

  /**
   * The first line of the annotation ending on line {@code end} (one line, or several while its
   * parentheses are open); -1 when that line ends no annotation.
   */
  private static int annotationAbove(List<String> lines, int end) {
    int open = 0;
    for (int line = end; line >= 0; line--) {
      String text = lines.get(line).strip();
      if (text.isEmpty() || text.endsWith("*/") || text.endsWith(";") || text.endsWith("{")) {
        return -1;
      }
      open += count(text, '(') - count(text, ')');
      if (text.startsWith("@") && open >= 0) {
        return line;
      }
    }
    return -1;
  }

  private static long count(String text, char c) {
    return text.chars().filter(ch -> ch == c).count();
  }
}
