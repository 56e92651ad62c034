import { escapeXml, XmlWriter } from '../../../src/server/protocols/xml-writer';

describe('XML escaping', () => {
  it('escapes markup characters and double quotes', () => {
    expect(escapeXml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  });

  it('writes a carriage return as a character reference so parsers keep it', () => {
    expect(escapeXml('a\r\nb')).toBe('a&#xD;\nb');
  });

  it('keeps tabs, newlines and characters beyond the BMP', () => {
    expect(escapeXml('a\tb\n🚀')).toBe('a\tb\n🚀');
  });

  it('replaces characters XML cannot carry with U+FFFD', () => {
    expect(escapeXml('a\u0000b\u0008c\uFFFFd\uD800e')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe');
  });

  it('returns plain text unchanged', () => {
    const text = 'plain text';
    expect(escapeXml(text)).toBe(text);
  });
});

describe('XmlWriter', () => {
  it('writes nested elements with a namespace on the root', () => {
    const xml = new XmlWriter().open('R', 'urn:x').element('A', '1').empty('B').close('R');
    expect(xml.toString()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><R xmlns="urn:x"><A>1</A><B/></R>',
    );
  });
});
