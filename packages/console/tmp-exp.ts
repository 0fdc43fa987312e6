import * as echarts from "echarts/core";
import "./src/echarts.ts";
for (const data of [[], [[Date.parse("2026-11-20T10:30:00Z"), 1]]]) {
const i = echarts.init(null, null, { renderer: "svg", ssr: true, width: 600, height: 300 });
i.setOption({ animation: false, xAxis: { type: "time", min: Date.parse("2026-11-20T10:00:00Z"), max: Date.parse("2026-11-20T11:00:00Z") }, yAxis: { type: "value", max: 4 },
 series: [{ type: "scatter", data, markLine: { symbol: "none", data: [{ yAxis: 3, name: "thr", label: { formatter: "THRESHOLD" } }] } }] });
const svg = i.renderToSVGString(); console.log(data.length, svg.includes("THRESHOLD"));
}
