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

it('index.html holds the very splash React renders first, so taking it over changes nothing on screen', () => {
  const root = /<div id="root">([\s\S]*?)<\/div>\s*<noscript>/.exec(page)?.[1] ?? '';
  expect(root).toContain('splash');
  expect(normalized(root)).toBe(normalized(renderToStaticMarkup(createElement(Splash, { message: 'Loading…' }))));
});
