// The web console's HTTP side: serves the single page (index.html), its stylesheet and the compiled
// browser modules (dist/console, built from src/console/web by `npm run build`) on the HTTPS app. The
// console itself only talks to the REST API (/api/v1); nothing here reads the store. Every page carries a
// strict Content-Security-Policy (scripts and styles from this origin only, no framing).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/** CONSOLE_CSP is the Content-Security-Policy of every console response. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

/** ConsoleOptions say where the files are (defaults: next to this module in the repository checkout). */
export interface ConsoleOptions {
  /** Static files: index.html, console.css, icon.svg (default src/console/assets). */
  readonly assetsDir?: string | undefined;
  /** Compiled browser modules (default dist/console). */
  readonly scriptsDir?: string | undefined;
}

// This file runs as dist/src/console/plugin.js; the repository root is three levels up.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function asset(body: Buffer, type: string): Asset {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/** walk adds every servable file below `dir`, keyed by its path relative to `base` with "/" separators. */
function walk(dir: string, base: string, prefix: string, out: Map<string, Asset>): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      walk(path, base, prefix, out);
      continue;
    }
    const type = TYPES[extname(entry)];
    if (type && entry !== 'index.html')
      out.set(prefix + relative(base, path).split(sep).join('/'), asset(readFileSync(path), type));
  }
}

function loadAssets(opts: ConsoleOptions): { index: Asset; files: Map<string, Asset> } {
  const assetsDir = opts.assetsDir ?? join(ROOT, 'src', 'console', 'assets');
  const scriptsDir = opts.scriptsDir ?? join(ROOT, 'dist', 'console');
  // Read once at start: requests are served from memory, and only files found here can ever be served.
  const files = new Map<string, Asset>();
  walk(assetsDir, assetsDir, '', files);
  walk(scriptsDir, scriptsDir, 'js/', files);
  if (!files.has('js/web/main.js')) {
    throw new Error(`the console's scripts are missing from ${scriptsDir}: run "npm run build"`);
  }
  return { index: asset(readFileSync(join(assetsDir, 'index.html')), TYPES['.html']!), files };
}

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
}

/** createConsolePlugin gives the Fastify plugin that serves the console at / and /console/*. */
export function createConsolePlugin(opts: ConsoleOptions = {}): FastifyPluginAsync {
  const { index, files } = loadAssets(opts);
  return async (app) => {
    const sendAsset = (asset: Asset, ifNoneMatch: string | undefined, reply: FastifyReply, cache: string) => {
      securityHeaders(reply).header('etag', asset.etag).header('cache-control', cache);
      if (ifNoneMatch === asset.etag) return reply.code(304).send();
      return reply.header('content-type', asset.type).send(asset.body);
    };
    app.get('/', async (req, reply) => sendAsset(index, req.headers['if-none-match'], reply, 'no-cache'));
    app.get('/console/*', async (req, reply) => {
      const path = (req.params as { '*': string })['*'];
      const asset = files.get(path);
      if (!asset) {
        return securityHeaders(reply)
          .code(404)
          .header('content-type', 'text/plain; charset=utf-8')
          .send('not found\n');
      }
      return sendAsset(asset, req.headers['if-none-match'], reply, 'no-cache');
    });
  };
}
