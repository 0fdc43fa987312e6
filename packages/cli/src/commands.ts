import type { CommandSpec } from "./command.ts";
import { actCommand } from "./commands/act.ts";
import { configCommand } from "./commands/config.ts";
import { costCommand } from "./commands/cost.ts";
import { exportCommand } from "./commands/export.ts";
import { fromLogsCommand } from "./commands/from-logs.ts";
import { historyCommand } from "./commands/history.ts";
import { importCommand } from "./commands/import.ts";
import { memberTemplateCommand } from "./commands/member-template.ts";
import { observeReportCommand } from "./commands/observe-report.ts";
import { recommendCommand } from "./commands/recommend.ts";
import { redriveCommand } from "./commands/redrive.ts";
import { replayCommand } from "./commands/replay.ts";
import { scheduleCommand } from "./commands/schedule.ts";
import { startCommand } from "./commands/start.ts";
import { uiCommand } from "./commands/ui.ts";

/**
 * Every `guardrails` command, in the order `guardrails --help` lists them. Add new ones here. Each
 * is its declaration alone (commands/): the module that runs it is imported when it runs.
 */
export const COMMANDS: readonly CommandSpec[] = [
  startCommand,
  replayCommand,
  exportCommand,
  fromLogsCommand,
  historyCommand,
  importCommand,
  recommendCommand,
  observeReportCommand,
  scheduleCommand,
  redriveCommand,
  costCommand,
  configCommand,
  uiCommand,
  memberTemplateCommand,
  actCommand,
];
