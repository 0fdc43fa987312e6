/** "a", "a or b", "a, b or c": a list of choices in a sentence. */
export const listed = (items: readonly string[]) =>
  items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
