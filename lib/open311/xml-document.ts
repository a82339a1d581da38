/**
 * The XML documents Open311 GeoReport v2 answers with: one root element holding elements of simple
 * fields, lists as repeated elements (`{ request: [a, b] }` → `<request>…</request><request>…</request>`),
 * nested objects as nested elements. Two spaces of indentation a level, one element a line, an
 * empty value as an empty element (`<media_url/>`), the declaration first, text as UTF-8.
 * Element names are the standard's, written by our code; text is any string a resident or an
 * operator typed, so it is escaped: the five characters XML reserves, a carriage return as a
 * character reference (a parser would read a raw one as a line feed), and each character XML 1.0
 * cannot hold at all (C0 controls other than tab, line feed and carriage return, U+FFFE, U+FFFF,
 * a lone surrogate) as U+FFFD, the replacement character.
 */

export type XmlValue = string | number | boolean | null | undefined | readonly XmlValue[] | { readonly [name: string]: XmlValue };

export const xmlDeclaration = '<?xml version="1.0" encoding="utf-8"?>\n';

const indentation = '  ';

const replacements: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

// With the `u` flag a surrogate range matches only unpaired surrogates: a pair is one astral character.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding the control characters XML 1.0 cannot hold is the point.
const needsEscaping = /[&<>"'\r]|[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu;

/** Text as XML character data: reserved characters as references, characters XML 1.0 cannot hold as U+FFFD. */
export function escapeXmlText(text: string): string {
  return text.replace(needsEscaping, (character) => replacements[character] ?? '\uFFFD');
}

// An XML name restricted to ASCII: the standard's element names are all of this form.
const elementName = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function textOf(value: string | number | boolean): string {
  // String(-0) is '0': keep the sign.
  return typeof value === 'number' && Object.is(value, -0) ? '-0' : String(value);
}

function element(name: string, value: XmlValue, level: number): string {
  if (!elementName.test(name)) throw new Error(`not an XML element name: ${JSON.stringify(name)}`);
  if (Array.isArray(value)) return value.map((item: XmlValue) => element(name, item, level)).join('');
  const indent = indentation.repeat(level);
  if (value !== null && typeof value === 'object') {
    const children = Object.entries(value as { readonly [name: string]: XmlValue })
      .map(([child, content]) => element(child, content, level + 1))
      .join('');
    return children === '' ? `${indent}<${name}/>\n` : `${indent}<${name}>\n${children}${indent}</${name}>\n`;
  }
  const text = value === null || value === undefined ? '' : textOf(value);
  return text === '' ? `${indent}<${name}/>\n` : `${indent}<${name}>${escapeXmlText(text)}</${name}>\n`;
}

/** The whole document: the declaration, then `root` holding `content`. */
export function xmlDocument(root: string, content: XmlValue): string {
  if (Array.isArray(content)) throw new Error(`the root element ${root} holds one value, not a list`);
  return xmlDeclaration + element(root, content, 0);
}
