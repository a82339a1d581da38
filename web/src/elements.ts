/** Building DOM elements in the staff apps' views (no framework): attributes, then children. */

export type Child = Node | string | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    created.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== undefined && child !== false) created.append(child);
  return created;
}

export function button(text: string, kind: 'primary' | 'secondary' | 'danger', attributes: Record<string, string> = {}): HTMLButtonElement {
  return el('button', { type: 'button', class: `button button-${kind}`, ...attributes }, text);
}

/** A term and its value in a description list (`<dl>`). */
export function definition(term: string, ...value: Child[]): HTMLElement {
  return el('div', {}, el('dt', {}, term), el('dd', {}, ...value));
}
