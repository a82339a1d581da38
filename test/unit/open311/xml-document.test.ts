import fc from 'fast-check';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderList, renderObject } from '#lib/open311/open311-format.ts';
import { escapeXmlText, xmlDocument } from '#lib/open311/xml-document.ts';

/** XML 1.0's Char production, code point by code point: what a document can hold at all. */
function xmlCanHold(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/** The text a reader gets back: each character XML cannot hold replaced by U+FFFD (for…of yields a lone surrogate on its own). */
function asXmlCarriesIt(text: string): string {
  return [...text].map((character) => (xmlCanHold(character.codePointAt(0) ?? 0) ? character : '\uFFFD')).join('');
}

// An independent reader: fast-xml-parser, every element as a list, text untouched, character references decoded.
const reader = new XMLParser({ isArray: () => true, parseTagValue: false, trimValues: false, htmlEntities: true });

describe('escapeXmlText', () => {
  it('writes the five reserved characters as references, & first so nothing is escaped twice', () => {
    expect(escapeXmlText(`a & b < c > d " e ' &amp;`)).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; &amp;amp;');
  });

  it('keeps Chinese text, tabs, line feeds and astral characters (a surrogate pair) as they are', () => {
    expect(escapeXmlText('漏水\t厨房\n第2行 😀 𠀀')).toBe('漏水\t厨房\n第2行 😀 𠀀');
  });

  it('writes a carriage return as a reference, which a parser does not turn into a line feed', () => {
    expect(escapeXmlText('one\r\ntwo\r')).toBe('one&#13;\ntwo&#13;');
  });

  it('replaces what XML 1.0 cannot hold with U+FFFD: C0 controls, U+FFFE, U+FFFF, lone surrogates', () => {
    expect(escapeXmlText('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg');
    expect(escapeXmlText('\uFFFE\uFFFF')).toBe('\uFFFD\uFFFD');
    expect(escapeXmlText('x\uD83D y\uDE00 z')).toBe('x\uFFFD y\uFFFD z');
    expect(escapeXmlText('\uDE00\uD83D')).toBe('\uFFFD\uFFFD');
    // DEL and the C1 controls are XML 1.0 characters: kept.
    expect(escapeXmlText('\u007F\u0085')).toBe('\u007F\u0085');
  });
});

describe('xmlDocument', () => {
  it('writes the declaration, one element a line, two spaces a level, lists as repeated elements, empty values as empty elements', () => {
    const document = xmlDocument('discovery', {
      changeset: '2026-11-30',
      endpoints: { endpoint: [{ url: 'https://x.cn/open311/v2', formats: { format: ['text/xml', 'application/json'] } }] },
      contact: '',
      key_service: null,
      count: 0,
      negative: -0,
      variable: true,
    });
    expect(document).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<discovery>',
        '  <changeset>2026-11-30</changeset>',
        '  <endpoints>',
        '    <endpoint>',
        '      <url>https://x.cn/open311/v2</url>',
        '      <formats>',
        '        <format>text/xml</format>',
        '        <format>application/json</format>',
        '      </formats>',
        '    </endpoint>',
        '  </endpoints>',
        '  <contact/>',
        '  <key_service/>',
        '  <count>0</count>',
        '  <negative>-0</negative>',
        '  <variable>true</variable>',
        '</discovery>',
        '',
      ].join('\n'),
    );
  });

  it('writes an empty list or an object of empty lists as an empty root', () => {
    expect(xmlDocument('services', { service: [] })).toBe('<?xml version="1.0" encoding="utf-8"?>\n<services/>\n');
  });

  it('refuses an element name that is not an XML name, and a list as the root', () => {
    expect(() => xmlDocument('requests', { 'bad name': 'x' })).toThrow(/not an XML element name: "bad name"/);
    expect(() => xmlDocument('<a>', 'x')).toThrow(/not an XML element name/);
    expect(() => xmlDocument('requests', ['a', 'b'])).toThrow(/holds one value, not a list/);
  });
});

const fieldNames = ['service_request_id', 'status', 'description', 'address', 'media_url'] as const;
// Every UTF-16 code unit sequence: controls, lone surrogates, astral pairs, Chinese, markup characters.
const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const aRecord = fc.record(Object.fromEntries(fieldNames.map((name) => [name, anyText])) as Record<(typeof fieldNames)[number], fc.Arbitrary<string>>);

describe('an Open311 list read back by an XML parser', () => {
  it('is well-formed and gives back every element, in order, with the text XML can hold', () => {
    fc.assert(
      fc.property(fc.array(aRecord, { maxLength: 5 }), (records) => {
        const document = renderList('xml', 'service_requests', 'request', records);
        expect(XMLValidator.validate(document)).toBe(true);
        const root = reader.parse(document).service_requests[0];
        const read: Record<string, string[]>[] = records.length === 0 ? [] : root.request;
        expect(read).toHaveLength(records.length);
        read.forEach((request, index) => {
          const record = records[index] as Record<string, string>;
          expect(Object.keys(request).filter((key) => key !== '#text')).toEqual(fieldNames);
          for (const name of fieldNames) expect(request[name], name).toEqual([asXmlCarriesIt(record[name] ?? '')]);
        });
      }),
      { numRuns: 300 },
    );
  });
});

// The writer it replaces (fast-xml-parser's XMLBuilder with the options Open311 used), for the text it
// already wrote correctly: no character XML cannot hold, and no carriage return (it wrote that raw).
const formerWriter = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: true });
const canonicalText = anyText.map((text) => asXmlCarriesIt(text).replace(/[\r\uFFFD]/g, ''));
const aValue = fc.oneof(canonicalText, fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));

describe('the Open311 XML, compared with what the former writer wrote', () => {
  it('is the same, byte for byte, for lists of records of simple fields', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.constantFrom(...fieldNames), aValue), { maxLength: 4 }), (records) => {
        const forFormer = records.map((record) => Object.fromEntries(Object.entries(record).map(([name, value]) => [name, value ?? ''])));
        const former = `<?xml version="1.0" encoding="utf-8"?>\n${formerWriter.build({ service_requests: records.length > 0 ? { request: forFormer } : '' })}`;
        expect(renderList('xml', 'service_requests', 'request', records)).toBe(former);
      }),
      { numRuns: 300 },
    );
  });

  it('is the same for a nested object with lists inside (the service definition shape)', () => {
    const definition = {
      service_code: 'repairs',
      attributes: {
        attribute: [
          { variable: true, code: 'community', order: 1, description: '社区 & 小区 <选一个>', values: { value: [{ key: 'hehua', name: '荷花社区' }] } },
          { variable: false, code: 'note', order: 2, datatype_description: '', values: { value: [] } },
        ],
      },
    };
    expect(renderObject('xml', 'service_definition', definition)).toBe(
      `<?xml version="1.0" encoding="utf-8"?>\n${formerWriter.build({ service_definition: definition })}`,
    );
  });
});
