import { readFileSync, writeFileSync } from "node:fs";
import { writeSection } from "./sections.ts";
import { cliProgram, type CommanderLike } from "./sources.ts";

// docs/cli.md's reference: every `guardrails` command with its arguments, options and defaults,
// read from the commander program the CLI itself builds, plus each command's own --help text.

export const CLI_PAGE = new URL("../../docs/cli.md", import.meta.url);
export const CLI_SECTION = "cli-reference";

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

function commandSection(command: CommanderLike): string {
  const lines = [
    `### \`guardrails ${command.name()}\``,
    "",
    cell(command.summary()),
    "",
    "```",
    `guardrails ${command.name()} ${command.usage()}`,
    "```",
    "",
  ];
  if (command.registeredArguments.length > 0) {
    lines.push("| argument | required | meaning |", "|---|---|---|");
    for (const a of command.registeredArguments)
      lines.push(
        `| \`${a.name()}${a.variadic ? "..." : ""}\` | ${a.required ? "yes" : "no"} | ${cell(a.description)} |`,
      );
    lines.push("");
  }
  lines.push("| option | default | meaning |", "|---|---|---|");
  for (const o of command.options) {
    const fallback = o.mandatory
      ? "required"
      : o.defaultValue === undefined || o.negate
        ? "—"
        : `\`${String(o.defaultValue)}\``;
    lines.push(`| \`${cell(o.flags)}\` | ${fallback} | ${cell(o.description)} |`);
  }
  lines.push(
    "",
    "<details><summary><code>--help</code></summary>",
    "",
    "```",
    command.helpInformation().trimEnd(),
    "```",
    "",
    "</details>",
  );
  return lines.join("\n");
}

/** The markdown reference: the program's help, then one section per command in the CLI's order. */
export async function cliReference(): Promise<string> {
  const program = await cliProgram();
  // The help text must not depend on the terminal that runs `npm run docs`.
  for (const c of [program, ...program.commands])
    c.configureOutput({ getOutHelpWidth: () => 100, getOutHasColors: () => false });
  const overview = [
    "| command | what it does |",
    "|---|---|",
    ...program.commands.map((c) => `| [\`${c.name()}\`](#guardrails-${c.name()}) | ${cell(c.summary())} |`),
  ];
  const help = ["```", program.helpInformation().trimEnd(), "```"].join("\n");
  return [overview.join("\n"), help, ...program.commands.map(commandSection)].join("\n\n");
}

export async function writeCliReference(): Promise<void> {
  writeFileSync(CLI_PAGE, writeSection(readFileSync(CLI_PAGE, "utf8"), CLI_SECTION, await cliReference()));
}
