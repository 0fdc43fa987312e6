import { BarChart, ScatterChart } from "echarts/charts";
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { escapeHtml, h, raw, type Html } from "./html.ts";

// Apache ECharts, rendered on the server to an SVG string (docs/console.md says why): the
// browser gets markup, no script. Only the parts the console draws are registered, which keeps
// the module load small. ECharts' own aria label is written to a DOM node it does not have in
// SSR, so each chart carries our description (role="img", aria-labelledby) and a table view.

echarts.use([
  BarChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  AriaComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

let counter = 0;

/** One chart: the SVG, its one-paragraph description, and the same data as a table. */
export function chart(
  option: ChartOption,
  size: { width: number; height: number },
  text: { description: string; table: Html; id?: string },
): Html {
  const instance = echarts.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  let svg: string;
  try {
    instance.setOption({
      animation: false,
      aria: { enabled: true, decal: { show: false } },
      textStyle: { fontFamily: "system-ui, sans-serif" },
      ...option,
    });
    svg = instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
  const id = text.id ?? `chart-${(counter += 1)}`;
  const labelled = svg.replace("<svg ", `<svg role="img" aria-labelledby="${escapeHtml(id)}-desc" `);
  return h`<figure id="${id}">${raw(labelled)}<figcaption id="${id}-desc">${text.description}</figcaption><details><summary>Table view</summary>${text.table}</details></figure>`;
}
