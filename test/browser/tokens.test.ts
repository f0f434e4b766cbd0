import './helpers/lit-warnings.js';
import { expect } from '@open-wc/testing';
import { LuukkuFeedback } from '../../src/widgets/feedback/feedback-form.js';

/** Material's cheap insurance: every private --_* token used is defined, and every one defined is used. */
describe('design tokens', () => {
  it('the feedback widget defines every private token it uses and uses every one it defines', () => {
    const css = LuukkuFeedback.elementStyles.map((s) => ('cssText' in s ? s.cssText : '')).join('\n');
    const defined = new Set([...css.matchAll(/(--_[\w-]+)\s*:/g)].map((m) => m[1]!));
    const used = new Set([...css.matchAll(/var\(\s*(--_[\w-]+)/g)].map((m) => m[1]!));
    expect(
      [...used].filter((t) => !defined.has(t)),
      'used but undefined',
    ).to.deep.equal([]);
    expect(
      [...defined].filter((t) => !used.has(t)),
      'defined but unused',
    ).to.deep.equal([]);
  });

  it('every private token reads a public --luukku-* property', () => {
    const css = LuukkuFeedback.elementStyles.map((s) => ('cssText' in s ? s.cssText : '')).join('\n');
    const declarations = [...css.matchAll(/(--_[\w-]+)\s*:\s*([^;]+);/g)].filter(
      ([, , value]) => !/^(Highlight|Canvas|CanvasText|0ms)$/.test(value!.trim()),
    );
    const direct = declarations.filter(([, , value]) => !/var\(--luukku-/.test(value!));
    expect(direct.map(([d]) => d)).to.deep.equal([]);
  });
});
