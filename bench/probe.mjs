// One fresh process, as Lambda starts one: imports a bundle and reports, as the last line of
// stdout, how long after process start the handler was ready (performance.now() counts from the
// process's time origin). With an events file it then invokes the handler: the first event is
// the cold invocation, the rest are warm. Plain JavaScript so nothing is type-stripped first.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [bundle, eventsFile] = process.argv.slice(2);
const importStart = performance.now();
const mod = await import(pathToFileURL(bundle).href);
const readyMs = performance.now();
const initCpu = process.cpuUsage();
const result = {
  readyMs,
  importMs: readyMs - importStart,
  initCpuMs: (initCpu.user + initCpu.system) / 1000,
  initRss: process.resourceUsage().maxRSS * 1024,
};

if (eventsFile) {
  const events = JSON.parse(readFileSync(eventsFile, "utf8"));
  const context = {
    functionName: "bench",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:111122223333:function:bench",
    memoryLimitInMB: "256",
    awsRequestId: "bench",
    getRemainingTimeInMillis: () => 30_000,
  };
  const invoke = async (event) => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await mod.handler(event, context);
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
  };
  const first = await invoke(events[0]);
  result.first = first;
  result.coldRss = process.resourceUsage().maxRSS * 1024;
  result.warm = [];
  for (const event of events.slice(1)) result.warm.push(await invoke(event));
  result.warmRss = process.resourceUsage().maxRSS * 1024;
}
process.stdout.write(`\n@@probe ${JSON.stringify(result)}\n`);
