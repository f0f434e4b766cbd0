import { css } from 'lit';

/**
 * Design tokens. Global `--luukku-*` custom properties (set by the host page on :root or
 * any ancestor) feed each widget's public properties, which feed private `--_*`
 * variables used in the widget's styles. The defaults aim at a calm public-sector look:
 * high contrast (text ≥ 7:1, UI borders ≥ 3:1), visible focus, 44 px targets.
 */
export const hostStyles = css`
  :host {
    --_font: var(--luukku-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif);
    --_text: var(--luukku-color-text, light-dark(#1b1f24, #e8ecf1));
    --_muted: var(--luukku-color-text-muted, light-dark(#4a5361, #b9c2cd));
    --_bg: var(--luukku-color-background, light-dark(#ffffff, #14181d));
    --_surface: var(--luukku-color-surface, light-dark(#f2f5f8, #1f252d));
    --_border: var(--luukku-color-border, light-dark(#6b7480, #8d97a5));
    --_primary: var(--luukku-color-primary, light-dark(#0a4f9e, #8cc0ff));
    --_primary-hover: var(--luukku-color-primary-hover, light-dark(#083d7a, #b5d6ff));
    --_on-primary: var(--luukku-color-on-primary, light-dark(#ffffff, #0b1a2e));
    --_danger: var(--luukku-color-danger, light-dark(#b01c24, #ff9c9c));
    --_danger-surface: var(--luukku-color-danger-surface, light-dark(#fdf0f0, #3a1d1f));
    --_success: var(--luukku-color-success, light-dark(#1c6b3a, #8fd9a8));
    --_success-surface: var(--luukku-color-success-surface, light-dark(#eef7f1, #16301f));
    --_notice-surface: var(--luukku-color-notice-surface, light-dark(#fff7e0, #332a12));
    --_notice-border: var(--luukku-color-notice-border, light-dark(#8a6100, #e2b64d));
    --_focus: var(--luukku-focus-color, light-dark(#1b1f24, #ffffff));
    --_focus-halo: var(--luukku-focus-halo, light-dark(#ffd23f, #b38600));
    --_radius: var(--luukku-radius, 4px);
    --_space: var(--luukku-space, 1rem);
    --_target: var(--luukku-target-size, 44px);
    --_font-size: var(--luukku-font-size, 1rem);
    --_duration: var(--luukku-duration, 150ms);

    /* Dark mode: each colour's default is light-dark(light, dark), following prefers-color-scheme through
       color-scheme; a token the host page sets still wins. */
    color-scheme: light dark;
    display: block;
    box-sizing: border-box;
    color: var(--_text);
    background: var(--_bg);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.5;
    -webkit-text-size-adjust: 100%;
  }
  :host([hidden]) {
    display: none;
  }
  /* The same text styles again on the inner wrapper: for normal declarations the host page's rules beat :host
     (a page's '* { all: unset }' or 'body { color: … }' reaches :host), but nothing outside reaches inside the
     shadow root, so what the widget's text inherits is set here. */
  [part~='base'] {
    color-scheme: light dark;
    display: block;
    color: var(--_text);
    background: var(--_bg);
    font-family: var(--_font);
    font-size: var(--_font-size);
    font-style: normal;
    font-weight: normal;
    line-height: 1.5;
    letter-spacing: normal;
    word-spacing: normal;
    text-align: start;
    text-transform: none;
    text-indent: 0;
    white-space: normal;
    visibility: visible;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
    box-shadow: 0 0 0 2px var(--_focus-halo);
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  @media (prefers-reduced-motion: reduce) {
    :host {
      --_duration: 0ms;
    }
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
  @media (forced-colors: active) {
    :host {
      --_focus: Highlight;
      --_focus-halo: Canvas;
      --_border: CanvasText;
    }
    :focus-visible {
      outline-color: Highlight;
    }
  }
`;
