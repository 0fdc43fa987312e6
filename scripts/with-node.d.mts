// Types for with-node.mjs, which stays plain JavaScript so that an old Node can run it.
export function satisfies(version: string, range: string): boolean;
export function requiredRange(root?: string): string;
/** npm install's one line on a Node outside `range`; undefined on a supported one. */
export function noticeLine(version: string, range: string): string | undefined;
