/**
 * Known-hostile answers: markup and script (XSS), template syntax (server-side template
 * injection), header and line injection, spreadsheet formulas, direction overrides, and sizes at
 * and over the limits. Each must come back escaped in pages, flattened in emails, and never reach
 * a header.
 */
export const HOSTILE_CORPUS: { id: string; value: string }[] = [
  { id: 'script-tag', value: '<script>alert("xss-script")</script>' },
  { id: 'attribute-break', value: "\"><img src=x onerror=alert('xss-attr')>" },
  { id: 'single-quote-break', value: "'><svg onload=alert(1)>" },
  { id: 'textarea-break', value: '</textarea><script>alert(2)</script>' },
  { id: 'javascript-url', value: '<a href="javascript:alert(3)">click me</a>' },
  { id: 'pre-escaped', value: '&lt;script&gt;alert(4)&lt;/script&gt;' },
  { id: 'nunjucks', value: '{{ 9999 * 9 }} {% for x in [1,2] %}loop{% endfor %}' },
  // A template-literal placeholder, deliberately in a plain string: it must stay text.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the payload is the literal text
  { id: 'template-literal', value: '${process.exit(1)}' },
  { id: 'header-crlf', value: 'Evil School\r\nBcc: attacker@evil.example\r\nSubject: injected' },
  { id: 'header-lf', value: 'Evil\nContent-Type: text/html\n\n<b>hi</b>' },
  { id: 'encoded-crlf', value: '%0d%0aSet-Cookie:%20evil=1' },
  { id: 'csv-formula', value: '=HYPERLINK("http://evil.example","x")+cmd|\' /C calc\'!A0' },
  { id: 'rtl-override', value: 'Safe\u202Egnp.exe\u202C name' },
  { id: 'nul-and-controls', value: 'a\u0000b\u0007c\u001bd' },
  { id: 'emoji-astral', value: '👩🏽‍👧 𝒳𝒴𝒵 Zoë' },
  { id: 'long-5000', value: 'A'.repeat(5000) },
  { id: 'long-astral-3000', value: '𝒳'.repeat(3000) },
];

/** Markers that appear in a page only if hostile markup went out unescaped. */
export const UNESCAPED_MARKUP =
  /<script>alert\(|<img src=x onerror|<svg onload|<\/textarea><script|<a href="javascript:alert|<b>hi<\/b>/;

/** What Nunjucks' autoescape turns a value into. */
export function htmlEscaped(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
