/** Every command odmon has, in one list: the parser, the help and the suggestions are made from it. */
import { CHECK_COMMANDS } from './check-commands';
import { DAEMON_COMMANDS } from './daemon-commands';
import { EXEMPTION_COMMANDS } from './exemption-commands';
import { MAIL_COMMANDS } from './mail-commands';
import { portalCommands } from './portal-commands';
import { REGISTER_COMMANDS } from './register-commands';
import { REPORT_COMMANDS } from './report-commands';
import type { CommandSpec } from './spec';
import { TASK_COMMANDS } from './task-commands';

export function allCommands(): readonly CommandSpec[] {
  return [
    ...REGISTER_COMMANDS,
    ...CHECK_COMMANDS,
    ...MAIL_COMMANDS,
    ...portalCommands(),
    ...EXEMPTION_COMMANDS,
    ...TASK_COMMANDS,
    ...REPORT_COMMANDS,
    ...DAEMON_COMMANDS,
  ];
}
