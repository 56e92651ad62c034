/**
 * Escapes text for an XML text node the way SQS does: besides `&`, `<` and `>`, it writes `"` as
 * `&quot;` and `\r` as `&#xD;` (a parser would otherwise turn a CR into LF and change the body and
 * its MD5). Characters XML 1.0 cannot carry at all (NUL and other C0 controls, lone surrogates,
 * U+FFFE/U+FFFF) become U+FFFD, so an echoed bad input never makes the document unparseable.
 */
export function escapeXml(text: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let rep: string | undefined;
    if (c === 0x26) rep = '&amp;';
    else if (c === 0x3c) rep = '&lt;';
    else if (c === 0x3e) rep = '&gt;';
    else if (c === 0x22) rep = '&quot;';
    else if (c === 0x0d) rep = '&#xD;';
    else if (c < 0x20 && c !== 0x09 && c !== 0x0a) rep = '\uFFFD';
    else if (c === 0xfffe || c === 0xffff) rep = '\uFFFD';
    else if (c >= 0xd800 && c <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        i++;
        continue;
      }
      rep = '\uFFFD';
    } else if (c >= 0xdc00 && c <= 0xdfff) rep = '\uFFFD';
    if (rep !== undefined) {
      out += text.slice(last, i) + rep;
      last = i + 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Builds an XML document as a string: open/close elements and escaped text. */
export class XmlWriter {
  private readonly parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];

  /** Opens `<name>`, with an `xmlns` when given. */
  open(name: string, namespace?: string): this {
    this.parts.push(namespace ? `<${name} xmlns="${escapeXml(namespace)}">` : `<${name}>`);
    return this;
  }

  close(name: string): this {
    this.parts.push(`</${name}>`);
    return this;
  }

  /** `<name>text</name>`. */
  element(name: string, text: string): this {
    this.parts.push(`<${name}>${escapeXml(text)}</${name}>`);
    return this;
  }

  /** `<name/>`. */
  empty(name: string): this {
    this.parts.push(`<${name}/>`);
    return this;
  }

  toString(): string {
    return this.parts.join('');
  }
}
