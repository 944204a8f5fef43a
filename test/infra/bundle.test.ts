import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.ts';
import { testEnvironment } from './helpers.ts';

/** The real esbuild bundles, as `cdk synth` builds them for deployment (a few seconds). */
describe('function bundles', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'pf-bundle-'));
  const assets: Record<string, string> = {};

  beforeAll(() => {
    const built = buildApp({ outdir, context: { env: 'test', environments: { test: testEnvironment } } });
    const assembly = built.app.synth();
    const template = assembly.getStackByName(built.stateless.stackName).template as {
      Resources: Record<
        string,
        { Type: string; Metadata?: Record<string, string>; Properties: { Code?: { S3Key?: string } } }
      >;
    };
    for (const resource of Object.values(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const name = resource.Metadata?.['pf:function'];
      // The staged asset directory is named after the asset hash, which is also the S3 key.
      const hash = resource.Properties.Code?.S3Key?.replace(/\.zip$/, '');
      if (name && hash) assets[name] = join(outdir, `asset.${hash}`);
    }
  }, 120_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('builds one ESM bundle per function', () => {
    expect(Object.keys(assets).sort()).toEqual(['notify', 'remind', 'route', 'ses-events', 'staff']);
    for (const dir of Object.values(assets)) {
      expect(existsSync(join(dir, 'index.mjs')), dir).toBe(true);
    }
  });

  it('ships the templates precompiled and the compiled assets the web function reads at run time', () => {
    const notify = assets.notify ?? '';
    const templates = precompiledIn(notify);
    // The function's own views, then the shared layout, then govuk-frontend's, as searched.
    expect(templates).toContain('/0/check-answers.njk');
    expect(templates).toContain('/1/layout.njk');
    expect(templates).toContain('/2/govuk/template.njk');
    expect(templates).toContain('/2/govuk/components/button/macro.njk');
    expect(existsSync(join(notify, 'govuk-frontend/dist/govuk/govuk-frontend.min.js'))).toBe(true);
    // Only what is read: no template sources (nothing is parsed at run time), Sass, source maps,
    // component sources or GOV.UK's own CSS.
    expect(listFiles(notify).filter((f) => f.endsWith('.njk'))).toEqual([]);
    const copied = listFiles(join(notify, 'govuk-frontend'));
    expect(copied.filter((f) => !/govuk-frontend\.min\.js$/.test(f))).toEqual([]);
  });

  it('ships the stylesheet built from the Sass, with the council font stack and no GOV.UK font or crest', () => {
    for (const name of ['notify', 'staff']) {
      const css = readFileSync(join(assets[name] ?? '', 'assets/council.css'), 'utf8');
      expect(css.includes('font-family:system-ui,'), name).toBe(true);
      expect(/GDS Transport|@font-face|url\(/.test(css), name).toBe(false);
    }
  });

  it("ships the staff pages' own views precompiled beside the shared layout", () => {
    const templates = precompiledIn(assets.staff ?? '');
    expect(templates).toContain('/0/staff-layout.njk');
    expect(templates).toContain('/0/cases.njk');
    expect(templates).toContain('/1/layout.njk');
    expect(templates).toContain('/2/govuk/template.njk');
    expect(templates.some((t) => t.startsWith('/0/') && t.endsWith('check-answers.njk'))).toBe(false);
  });

  it('carries its own AWS SDK, loading none from the runtime (test/infra/lazy-sdk.test.ts: which at start)', () => {
    for (const [name, dir] of Object.entries(assets)) {
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code, name).not.toMatch(/from\s*["']@aws-sdk\//);
      expect(code, name).not.toMatch(/import\(\s*["']@aws-sdk\//);
    }
  });

  it('keeps each bundle small', () => {
    for (const [name, dir] of Object.entries(assets)) {
      const size = statSync(join(dir, 'index.mjs')).size;
      expect(size, `${name} index.mjs is ${size} bytes`).toBeLessThan(1_500_000);
    }
  });
});

/** The template paths in a bundle's precompiled set (infra/build/templates.mjs). */
function precompiledIn(dir: string): string[] {
  const set = JSON.parse(readFileSync(join(dir, 'views/templates.json'), 'utf8')) as {
    templates: Record<string, string>;
  };
  return Object.keys(set.templates);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
