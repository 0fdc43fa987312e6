import type { Model, Shape } from "./shapes.ts";

// The query protocol (SNS): requests are form-encoded key paths (Attr.entry.1.Name, List.member.1),
// replies XML. Both are turned into plain values by the operation's shapes so validate.ts can
// walk them like JSON; a parameter or element no member claims is reported as unknown.

export type Decoded = { value: Record<string, unknown>; unknown: string[] };

export function decodeQueryRequest(model: Model, shapeName: string, body: string): Decoded {
  const params = new Map(new URLSearchParams(body));
  params.delete("Action");
  params.delete("Version");
  const used = new Set<string>();
  const value = decode(model, shapeName, "", params, used) as Record<string, unknown>;
  return { value: value ?? {}, unknown: [...params.keys()].filter((k) => !used.has(k)) };
}

function decode(model: Model, name: string, prefix: string, params: Map<string, string>, used: Set<string>): unknown {
  const shape = model.shapes[name]!;
  const at = (key: string) => (prefix ? `${prefix}.${key}` : key);
  const present = (key: string) => [...params.keys()].some((k) => k === key || k.startsWith(`${key}.`));
  if (shape.type === "structure") {
    const out: Record<string, unknown> = {};
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      const key = at(ref.locationName ?? member);
      if (present(key)) out[member] = decode(model, ref.shape, key, params, used);
    }
    return out;
  }
  if (shape.type === "list") {
    const item = shape.flattened ? prefix : `${prefix}.${shape.member!.locationName ?? "member"}`;
    const out: unknown[] = [];
    for (let i = 1; present(`${item}.${i}`); i++)
      out.push(decode(model, shape.member!.shape, `${item}.${i}`, params, used));
    return out;
  }
  if (shape.type === "map") {
    const entry = shape.flattened ? prefix : `${prefix}.entry`;
    const out: Record<string, unknown> = {};
    for (let i = 1; present(`${entry}.${i}`); i++) {
      const keyName = `${entry}.${i}.${shape.key!.locationName ?? "key"}`;
      used.add(keyName);
      out[params.get(keyName) ?? ""] = decode(
        model,
        shape.value!.shape,
        `${entry}.${i}.${shape.value!.locationName ?? "value"}`,
        params,
        used,
      );
    }
    return out;
  }
  used.add(prefix);
  return scalar(shape, params.get(prefix) ?? "");
}

function scalar(shape: Shape, text: string): unknown {
  if (["integer", "long", "float", "double"].includes(shape.type)) return text.trim() === "" ? text : Number(text);
  if (shape.type === "boolean") return text === "true" ? true : text === "false" ? false : text;
  return text;
}

type Element = { name: string; children: Element[]; text: string };

/** The `<Operation>Result` of a query-protocol reply, decoded by the output shape. */
export function decodeQueryReply(model: Model, shapeName: string, wrapper: string, xml: string): Decoded {
  const root = parseXml(xml);
  const result = root.children.find((c) => c.name === wrapper);
  const unknown: string[] = [];
  if (!result) return { value: {}, unknown: [`${root.name} has no ${wrapper}`] };
  return { value: fromXml(model, shapeName, result, wrapper, unknown) as Record<string, unknown>, unknown };
}

function fromXml(model: Model, name: string, element: Element, path: string, unknown: string[]): unknown {
  const shape = model.shapes[name]!;
  if (shape.type === "structure") {
    const out: Record<string, unknown> = {};
    for (const child of element.children) {
      const member = Object.entries(shape.members ?? {}).find(([m, ref]) => (ref.locationName ?? m) === child.name);
      if (!member) unknown.push(`${path}.${child.name}`);
      else out[member[0]] = fromXml(model, member[1].shape, child, `${path}.${child.name}`, unknown);
    }
    return out;
  }
  if (shape.type === "list")
    return element.children.map((c, i) => fromXml(model, shape.member!.shape, c, `${path}[${i}]`, unknown));
  if (shape.type === "map") {
    const out: Record<string, unknown> = {};
    for (const entry of element.children) {
      const key = entry.children.find((c) => c.name === (shape.key!.locationName ?? "key"));
      const value = entry.children.find((c) => c.name === (shape.value!.locationName ?? "value"));
      if (key && value) out[key.text] = fromXml(model, shape.value!.shape, value, `${path}.${key.text}`, unknown);
    }
    return out;
  }
  return scalar(shape, element.text);
}

/** Enough XML for AWS query replies: elements, text, the five entities; no attributes kept. */
export function parseXml(xml: string): Element {
  const root: Element = { name: "", children: [], text: "" };
  const stack = [root];
  for (const token of xml.replace(/<\?xml[^>]*\?>/, "").matchAll(/<(\/?)([\w:.-]+)[^>]*?(\/?)>|([^<]+)/g)) {
    const top = stack.at(-1)!;
    if (token[4] !== undefined) top.text += unescapeXml(token[4]);
    else if (token[1]) stack.pop();
    else {
      const element: Element = { name: token[2]!, children: [], text: "" };
      top.children.push(element);
      if (!token[3]) stack.push(element);
    }
  }
  return root.children[0] ?? root;
}

const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" })[e]!);
