import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, it } from 'vitest';
import page from '../../index.html?raw';
import { Splash } from './splash.js';

/** Markup without the whitespace between tags, and `<rect />` written as `<rect></rect>` as React does. */
const normalized = (html: string) =>
  html
    .replace(/>\s+</g, '><')
    .replace(/<(\w+)([^<>]*?)\s*\/>/g, '<$1$2></$1>')
    .trim();

it('index.html holds the very splash React renders, so the HTML one looks the same until it is removed', () => {
  const splash = /<div id="splash">([\s\S]*?)<\/div>\s*<div id="root"><\/div>/.exec(page)?.[1] ?? '';
  expect(splash).toContain('splash-name');
  expect(normalized(splash)).toBe(normalized(renderToStaticMarkup(createElement(Splash, { message: 'Loading…' }))));
});
