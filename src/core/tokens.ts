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
    --_text: var(--luukku-color-text, #1b1f24);
    --_muted: var(--luukku-color-text-muted, #4a5361);
    --_bg: var(--luukku-color-background, #ffffff);
    --_surface: var(--luukku-color-surface, #f2f5f8);
    --_border: var(--luukku-color-border, #6b7480);
    --_primary: var(--luukku-color-primary, #0a4f9e);
    --_primary-hover: var(--luukku-color-primary-hover, #083d7a);
    --_on-primary: var(--luukku-color-on-primary, #ffffff);
    --_danger: var(--luukku-color-danger, #b01c24);
    --_danger-surface: var(--luukku-color-danger-surface, #fdf0f0);
    --_success: var(--luukku-color-success, #1c6b3a);
    --_success-surface: var(--luukku-color-success-surface, #eef7f1);
    --_notice-surface: var(--luukku-color-notice-surface, #fff7e0);
    --_notice-border: var(--luukku-color-notice-border, #8a6100);
    --_focus: var(--luukku-focus-color, #1b1f24);
    --_focus-halo: var(--luukku-focus-halo, #ffd23f);
    --_radius: var(--luukku-radius, 4px);
    --_space: var(--luukku-space, 1rem);
    --_target: var(--luukku-target-size, 44px);
    --_font-size: var(--luukku-font-size, 1rem);
    --_duration: var(--luukku-duration, 150ms);

    display: block;
    box-sizing: border-box;
    color: var(--_text);
    background: var(--_bg);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.5;
    -webkit-text-size-adjust: 100%;
  }
  /* Dark mode: the same tokens with dark defaults; a token the host page sets still wins. */
  @media (prefers-color-scheme: dark) {
    :host {
      --_text: var(--luukku-color-text, #e8ecf1);
      --_muted: var(--luukku-color-text-muted, #b9c2cd);
      --_bg: var(--luukku-color-background, #14181d);
      --_surface: var(--luukku-color-surface, #1f252d);
      --_border: var(--luukku-color-border, #8d97a5);
      --_primary: var(--luukku-color-primary, #8cc0ff);
      --_primary-hover: var(--luukku-color-primary-hover, #b5d6ff);
      --_on-primary: var(--luukku-color-on-primary, #0b1a2e);
      --_danger: var(--luukku-color-danger, #ff9c9c);
      --_danger-surface: var(--luukku-color-danger-surface, #3a1d1f);
      --_success: var(--luukku-color-success, #8fd9a8);
      --_success-surface: var(--luukku-color-success-surface, #16301f);
      --_notice-surface: var(--luukku-color-notice-surface, #332a12);
      --_notice-border: var(--luukku-color-notice-border, #e2b64d);
      --_focus: var(--luukku-focus-color, #ffffff);
      --_focus-halo: var(--luukku-focus-halo, #b38600);
      color-scheme: dark;
    }
  }
  :host([hidden]) {
    display: none;
  }
  /* The same text styles again on the inner wrapper: for normal declarations the host page's rules beat :host
     (a page's '* { all: unset }' or 'body { color: … }' reaches :host), but nothing outside reaches inside the
     shadow root, so what the widget's text inherits is set here. */
  [part~='base'] {
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
