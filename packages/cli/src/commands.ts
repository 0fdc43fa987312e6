import { actCommand } from "./act-command.ts";
import type { CommandSpec } from "./command.ts";
import { configCommand } from "./config-command.ts";
import { costCommand } from "./cost.ts";
import { exportCommand } from "./export-command.ts";
import { fromLogsCommand } from "./from-logs.ts";
import { historyCommand } from "./history.ts";
import { importCommand } from "./import-command.ts";
import { memberTemplateCommand } from "./member-template.ts";
import { observeReportCommand } from "./observe-report.ts";
import { recommendCommand } from "./recommend.ts";
import { redriveCommand } from "./redrive.ts";
import { replayCommand } from "./replay.ts";
import { scheduleCommand } from "./schedule.ts";
import { startCommand } from "./start.ts";
import { uiCommand } from "./ui-command.ts";

/** Every `guardrails` command, in the order `guardrails --help` lists them. Add new ones here. */
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
