// The Storybook window's own chrome: its title and logo text name Luukku.
import { addons } from 'storybook/manager-api';
import { create } from 'storybook/theming/create';

addons.setConfig({
  theme: create({
    base: 'light',
    brandTitle: 'Luukku – web components for Finnish public authorities',
    colorPrimary: '#0a4f9e',
    colorSecondary: '#0a4f9e',
    fontBase: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
  }),
});
