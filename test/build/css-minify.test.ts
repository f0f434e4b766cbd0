/**
 * The build's CSS minifier (vite.config.ts, luukku:minify-css-templates) hands every static
 * css`` template to lightningcss. What the old hand-written one broke must survive: spaces and
 * punctuation inside quoted strings, custom-state selectors, custom properties.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSync, Visitor } from 'vite';
import { minifyCssTemplates } from '../../vite.config.js';

type Transform = (this: { warn: (message: string) => void }, code: string, id: string) => { code: string } | null;

function minify(code: string, id = '/repo/src/widgets/x/x.styles.ts'): string {
  const transform = minifyCssTemplates.transform as unknown as Transform;
  const warnings: string[] = [];
  const result = transform.call({ warn: (m) => warnings.push(m) }, code, id);
  assert.deepEqual(warnings, []);
  return result?.code ?? code;
}

test('quoted strings inside CSS keep their spaces and punctuation', () => {
  const out = minify(`import { css } from 'lit';
export const styles = css\`
  /* a comment that goes */
  .a::before { content: "a  b"; }
  .b::after  { content: ' > , ; { } : '; }
  .c { font-family: "Segoe  UI", sans-serif; }
\`;`);
  assert.match(out, /content:"a {2}b"/);
  assert.match(out, /content:" > , ; \{ \} : "/);
  assert.match(out, /"Segoe {2}UI"/);
  assert.doesNotMatch(out, /a comment/);
  assert.doesNotMatch(out, /\n\s+\.a/);
});

test('custom states, :host() and custom properties come through as CSS means them', () => {
  const out = minify(`const s = css\`
  :host(:state(loading)) [part~='base'] { opacity: 0.5; }
  :host(:--loading) { --_x: var(--luukku-gap,  1rem); }
  @media (forced-colors: active) { .i { forced-color-adjust: auto; } }
\`;`);
  assert.match(out, /:host\(:state\(loading\)\) \[part~=base\]\{opacity:\.5\}/);
  assert.match(out, /:host\(:--loading\)\{--_x:var\(--luukku-gap, ?1rem\)\}/);
  assert.match(out, /@media \(forced-colors:active\)/);
});

test('escapes come through: CSS escapes as CSS means them, backticks and backslashes escaped for the template literal', () => {
  // As an author writes it in a .ts file: \\201C is the CSS escape \201C, \` a backtick, \\\\ a CSS-escaped backslash.
  const source =
    'const s = css`' + String.raw`.q::before { content: "\\201C"; } .t::after { content: "\`"; } .u::after { content: "\\\\"; }` + '`;';
  const out = minify(source);
  // The cooked text of the new literal is the CSS lightningcss wrote: \201C is the character “.
  let cooked: string | null | undefined;
  new Visitor({
    TemplateLiteral: (node) => {
      cooked = node.quasis[0]?.value.cooked;
    },
  }).visit(parseSync('out.js', out).program);
  assert.equal(cooked, String.raw`.q:before{content:"“"}.t:after{content:"` + '`' + String.raw`"}.u:after{content:"\\"}`);
});

test('templates with interpolations and other tags are left alone', () => {
  const code = 'const a = css`.x { color: ${color}; }`; const b = html`<p>  a  </p>`;';
  assert.equal(minify(code), code);
});
