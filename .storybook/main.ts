import type { StorybookConfig } from '@storybook/web-components-vite';
import type { PluginOption } from 'vite';

/** The library build's own plugins (vite.config.ts, named `luukku:*`) post-process dist/; Storybook bundles stories. */
const isLibraryBuildPlugin = (plugin: PluginOption): boolean =>
  typeof plugin === 'object' && plugin !== null && 'name' in plugin && plugin.name.startsWith('luukku:');

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true },
  docs: { defaultName: 'API' },
  viteFinal: (vite) => ({ ...vite, plugins: (vite.plugins ?? []).flat(9).filter((p) => !isLibraryBuildPlugin(p)) }),
};
export default config;
